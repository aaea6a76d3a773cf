"""The app package."""
from .old import ExecutionEngine, helper

__all__ = ["ExecutionEngine", "helper"]
