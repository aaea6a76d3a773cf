from app.old import ExecutionEngine, helper

__all__ = ["helper"]
__all__.extend(["ExecutionEngine"])
