"""The original execution engine.

It predates request scoping: the run history is shared by every engine of the process.

Deprecated: this module only redirects to app.engine; import from there instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
