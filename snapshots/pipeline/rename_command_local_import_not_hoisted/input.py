import os


def build():
    from app.old import ExecutionEngine

    return ExecutionEngine(os.getcwd())
