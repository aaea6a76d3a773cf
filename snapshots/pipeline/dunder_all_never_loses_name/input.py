from app.old import ExecutionEngine, helper

__all__ = ["ExecutionEngine", "helper"]
