from app.engine import UserExecutionEngine


def build():
    from app.old import ExecutionEngine

    return ExecutionEngine()


DEFAULT = UserExecutionEngine()
