"""Legacy engine; callers also import OrderedDict and Path from here.

Deprecated: this module only redirects to app.engine, collections and pathlib; import
from there instead.
"""

import collections as _collections
import pathlib as _pathlib
import warnings
from typing import TYPE_CHECKING

import app.engine as _engine

if TYPE_CHECKING:
    from collections import OrderedDict
    from pathlib import Path

    from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine", "OrderedDict", "Path"]

_CANONICAL = {
    "ExecutionEngine": (_engine, "UserExecutionEngine"),
    "OrderedDict": (_collections, "OrderedDict"),
    "Path": (_pathlib, "Path"),
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
