class Holder:
    from app.old import ExecutionEngine

    engine_class = ExecutionEngine
