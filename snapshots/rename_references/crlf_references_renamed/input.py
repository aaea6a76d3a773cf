from app.old import ExecutionEngine


def build() -> "ExecutionEngine":
    return ExecutionEngine()
