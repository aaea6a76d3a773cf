"""Legacy engine; re-exports the error type its callers catch."""
from app.errors import EngineError as Error


class ExecutionEngine:
    def fail(self):
        raise Error("no")
