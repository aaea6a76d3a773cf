from app.old import ExecutionEngine

__all__ = ["ExecutionEngine"]
