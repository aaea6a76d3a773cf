from app.old import ExecutionEngine as UserExecutionEngine


def build() -> "UserExecutionEngine":
    return UserExecutionEngine()
