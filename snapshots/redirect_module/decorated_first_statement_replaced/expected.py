# A module without a docstring whose first statement is decorated.

"""Deprecated: this module only redirects to app.engine; import from there instead."""

from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
