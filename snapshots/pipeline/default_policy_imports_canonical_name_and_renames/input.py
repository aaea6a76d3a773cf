"""Consumer of the execution engine."""
from app.old import EngineError, ExecutionEngine


class Worker(ExecutionEngine):
    def start(self) -> "ExecutionEngine":
        try:
            return ExecutionEngine.create()
        except EngineError:
            raise
