#!/usr/bin/env python
# Licensed under the MIT licence.

"""The original engine.

Deprecated: this module only redirects to app.engine; import from there instead.
"""  # keep: read by the docs build

from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
