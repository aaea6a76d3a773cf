"""Legacy engine; tests patch ``app.old.get_settings``.

Deprecated: this module only redirects to app.engine and app.settings; import from there
instead.
"""

import warnings
from typing import TYPE_CHECKING

import app.engine as _engine
import app.settings as _settings

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine as ExecutionEngine
    from app.settings import get_settings

__all__ = ["ExecutionEngine", "get_settings"]

_CANONICAL = {
    "ExecutionEngine": (_engine, "UserExecutionEngine"),
    "get_settings": (_settings, "get_settings"),
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
