"""Legacy factory functions.

Deprecated: this module only redirects to app.engine and app.factory; import from there
instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine
from app.factory import EngineFactory as _EngineFactory

create_engine = ExecutionEngine.create_from_legacy
make_engine = _EngineFactory.build

__all__ = ["ExecutionEngine", "create_engine", "make_engine"]
