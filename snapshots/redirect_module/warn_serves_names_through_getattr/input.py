"""The original execution engine."""
import logging

logger = logging.getLogger(__name__)


class ExecutionEngine:
    def run(self, name):
        logger.info("running %s", name)
