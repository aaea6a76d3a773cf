from app.old import ExecutionEngine


def build(UserExecutionEngine):
    return ExecutionEngine(UserExecutionEngine)
