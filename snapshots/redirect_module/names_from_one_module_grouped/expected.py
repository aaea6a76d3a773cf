"""Legacy engine and its factory.

Deprecated: this module only redirects to app.engine and app.errors; import from there
instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine
from app.engine import create_engine
from app.errors import EngineError

__all__ = ["EngineError", "ExecutionEngine", "create_engine"]
