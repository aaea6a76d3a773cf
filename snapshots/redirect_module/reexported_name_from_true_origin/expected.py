"""Legacy engine; re-exports the error type its callers catch.

Deprecated: this module only redirects to app.engine and app.errors; import from there
instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine
from app.errors import EngineError as Error

__all__ = ["Error", "ExecutionEngine"]
