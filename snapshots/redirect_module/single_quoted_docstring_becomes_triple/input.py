'Legacy engine: "fast" but shared.'
class ExecutionEngine:
    pass
