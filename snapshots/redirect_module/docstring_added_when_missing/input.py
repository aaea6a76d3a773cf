import logging


class ExecutionEngine:
    log = logging.getLogger(__name__)
