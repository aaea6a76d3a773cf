from .old import ExecutionEngine

__all__ = ["ExecutionEngine"]
