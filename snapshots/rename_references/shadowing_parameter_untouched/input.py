from app.old import ExecutionEngine


def build(ExecutionEngine=None):
    return ExecutionEngine


def default():
    return ExecutionEngine()
