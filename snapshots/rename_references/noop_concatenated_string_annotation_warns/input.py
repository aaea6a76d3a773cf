from app.old import ExecutionEngine


def build() -> "Execution" "Engine":
    return ExecutionEngine()
