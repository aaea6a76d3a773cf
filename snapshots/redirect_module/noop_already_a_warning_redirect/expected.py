"""The original execution engine.

Deprecated: this module only redirects to app.engine and app.errors; import from there
instead.
"""

import warnings
from typing import TYPE_CHECKING

import app.engine as _engine
import app.errors as _errors

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine as ExecutionEngine
    from app.errors import EngineError

__all__ = ["EngineError", "ExecutionEngine"]

_CANONICAL = {
    "ExecutionEngine": (_engine, "UserExecutionEngine"),
    "EngineError": (_errors, "EngineError"),
}


def __getattr__(name: str) -> object:
    """Serve the moved names, warning the caller that they are deprecated."""
    try:
        module, attribute = _CANONICAL[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    warnings.warn(
        f"{__name__}.{name} is deprecated; use {module.__name__}.{attribute} instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(module, attribute)


def __dir__() -> "list[str]":
    return sorted({*globals(), *__all__})
