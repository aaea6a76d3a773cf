"""Legacy factory functions.

Deprecated: this module only redirects to app.engine; import from there instead.
"""

import warnings
from typing import TYPE_CHECKING

import app.engine as _engine

if TYPE_CHECKING:
    from app.engine import UserExecutionEngine as _UserExecutionEngine
    create_engine = _UserExecutionEngine.create_from_legacy

__all__ = ["create_engine"]

_CANONICAL = {
    "create_engine": (_engine, "UserExecutionEngine.create_from_legacy"),
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
    value = module
    for part in attribute.split("."):
        value = getattr(value, part)
    return value


def __dir__() -> "list[str]":
    return sorted({*globals(), *__all__})
