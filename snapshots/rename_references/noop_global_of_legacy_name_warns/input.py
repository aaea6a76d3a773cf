from app.old import ExecutionEngine


def reset():
    global ExecutionEngine
    ExecutionEngine = None
