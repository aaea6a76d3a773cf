"""Legacy engine."""
from app.context import UserExecutionContext
from app.errors import EngineError

__all__ = ["ExecutionEngine", "EngineError", "UserExecutionContext"]


class ExecutionEngine:
    pass
