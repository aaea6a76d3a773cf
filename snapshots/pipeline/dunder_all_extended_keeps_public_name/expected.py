from app.old import helper
from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["helper"]
__all__.extend(["ExecutionEngine"])
