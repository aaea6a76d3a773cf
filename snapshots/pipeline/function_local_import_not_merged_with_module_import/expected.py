from app.engine import UserExecutionEngine


def build():
    from app.engine import UserExecutionEngine

    return UserExecutionEngine()


DEFAULT = UserExecutionEngine()
