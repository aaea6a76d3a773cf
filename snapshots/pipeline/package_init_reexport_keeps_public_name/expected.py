"""The app package."""
from .old import helper
from .engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine", "helper"]
