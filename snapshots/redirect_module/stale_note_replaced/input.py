"""Legacy engine.

Deprecated: this module only redirects to app.engine_v1; import from there instead.
"""

from app.engine_v1 import Engine as ExecutionEngine

__all__ = ["ExecutionEngine"]
