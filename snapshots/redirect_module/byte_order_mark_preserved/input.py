"""Legacy engine."""
class ExecutionEngine:
    pass
