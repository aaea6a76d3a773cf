"""The original execution engine.

Deprecated: this module only redirects to app.engine; import from there instead.
"""

from app.engine import UserExecutionEngine as Engine
from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["Engine", "ExecutionEngine"]
