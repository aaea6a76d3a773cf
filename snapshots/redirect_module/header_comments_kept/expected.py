#!/usr/bin/env python
# Copyright (c) Example Corp.
"""Legacy engine.

Deprecated: this module only redirects to app.engine; import from there instead.
"""  # kept for old plugins

from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
