import logging


def build():
    from app.engine import UserExecutionEngine as ExecutionEngine

    logging.info("building")
    return ExecutionEngine()
