"""Legacy engine.

Deprecated: this module only redirects to app.engine, app.errors and app.context; import
from there instead.
"""

from app.context import UserExecutionContext
from app.engine import UserExecutionEngine as ExecutionEngine
from app.errors import EngineError

__all__ = ["EngineError", "ExecutionEngine", "UserExecutionContext"]
