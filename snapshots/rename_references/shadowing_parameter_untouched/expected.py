from app.old import ExecutionEngine as UserExecutionEngine


def build(ExecutionEngine=None):
    return ExecutionEngine


def default():
    return UserExecutionEngine()
