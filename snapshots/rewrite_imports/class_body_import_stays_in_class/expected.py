class Holder:
    from app.engine import UserExecutionEngine as ExecutionEngine

    engine_class = ExecutionEngine
