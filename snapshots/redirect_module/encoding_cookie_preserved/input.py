# -*- coding: latin-1 -*-
"""Moteur déjà remplacé."""
class ExecutionEngine:
    pass
