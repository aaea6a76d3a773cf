"""Compatibility engine with the old constructor.

Deprecated: this module only redirects to app.engine; import from there instead.
"""

from app.engine import UserExecutionEngine as ConsolidatedExecutionEngine

__all__ = ["ConsolidatedExecutionEngine"]
