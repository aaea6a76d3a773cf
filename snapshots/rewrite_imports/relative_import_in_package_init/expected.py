from .engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
