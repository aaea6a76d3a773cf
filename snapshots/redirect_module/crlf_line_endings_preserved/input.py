"""Legacy engine.

Shared by every user.
"""
import logging


class ExecutionEngine:
    pass
