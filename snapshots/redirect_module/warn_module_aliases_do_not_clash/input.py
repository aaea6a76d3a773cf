"""Legacy engines."""
class ExecutionEngine: pass
class LibEngine: pass
