"""Legacy engine module; callers use ``old.ExecutionEngine`` and ``old.DEFAULT_TIMEOUT``.

Deprecated: this module only redirects to app.engine and app.settings; import from there
instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine
from app.settings import DEFAULT_TIMEOUT

__all__ = ["DEFAULT_TIMEOUT", "ExecutionEngine"]
