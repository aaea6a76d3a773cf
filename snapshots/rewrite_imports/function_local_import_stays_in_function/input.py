import logging


def build():
    from app.old import ExecutionEngine

    logging.info("building")
    return ExecutionEngine()
