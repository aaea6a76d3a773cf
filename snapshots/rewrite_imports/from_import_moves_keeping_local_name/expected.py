from app.engine import UserExecutionEngine as ExecutionEngine


def build() -> ExecutionEngine:
    return ExecutionEngine()
