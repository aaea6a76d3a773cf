from app.other import ExecutionEngine


class Local:
    ExecutionEngine = None


engine = ExecutionEngine()
