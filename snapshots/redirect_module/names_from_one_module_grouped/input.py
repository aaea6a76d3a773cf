"""Legacy engine and its factory."""
from app.errors import EngineError


class ExecutionEngine:
    pass


def create_engine():
    return ExecutionEngine()
