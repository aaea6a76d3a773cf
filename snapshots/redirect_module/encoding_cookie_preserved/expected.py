# -*- coding: latin-1 -*-
"""Moteur déjà remplacé.

Deprecated: this module only redirects to app.engine; import from there instead.
"""

from app.engine import UserExecutionEngine as ExecutionEngine

__all__ = ["ExecutionEngine"]
