import os


def build():
    from app.engine import UserExecutionEngine

    return UserExecutionEngine(os.getcwd())
