from app.old import ExecutionEngine


def build() -> "Execution\x45ngine":
    return ExecutionEngine()
