"""Legacy engines.

Deprecated: this module only redirects to app.engine, lib.engine and app.notices; import
from there instead.
"""

import warnings as _warnings
from typing import TYPE_CHECKING

import app.engine as _engine
import app.notices as _notices
import lib.engine as _lib_engine

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine as ExecutionEngine
    from app.notices import warnings
    from lib.engine import Engine as LibEngine

__all__ = ["ExecutionEngine", "LibEngine", "warnings"]

_CANONICAL = {
    "ExecutionEngine": (_engine, "UserExecutionEngine"),
    "LibEngine": (_lib_engine, "Engine"),
    "warnings": (_notices, "warnings"),
}


def __getattr__(name: str) -> object:
    """Serve the moved names, warning the caller that they are deprecated."""
    try:
        module, attribute = _CANONICAL[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    _warnings.warn(
        f"{__name__}.{name} is deprecated; use {module.__name__}.{attribute} instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(module, attribute)


def __dir__() -> "list[str]":
    return sorted({*globals(), *__all__})
