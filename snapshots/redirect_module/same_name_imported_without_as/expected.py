"""Errors of the legacy engine.

Deprecated: this module only redirects to app.errors; import from there instead.
"""

from app.errors import EngineError

__all__ = ["EngineError"]
