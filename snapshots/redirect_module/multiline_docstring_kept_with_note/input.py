"""The original execution engine.

It predates request scoping: the run history is shared by every engine of the process.
"""

class ExecutionEngine:
    pass
