from app.engine import UserExecutionEngine as ExecutionEngine


def reset():
    global ExecutionEngine
    ExecutionEngine = None
