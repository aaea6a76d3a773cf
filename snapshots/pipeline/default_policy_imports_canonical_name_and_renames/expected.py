"""Consumer of the execution engine."""
from app.old import EngineError
from app.engine import UserExecutionEngine


class Worker(UserExecutionEngine):
    def start(self) -> "UserExecutionEngine":
        try:
            return UserExecutionEngine.create()
        except EngineError:
            raise
