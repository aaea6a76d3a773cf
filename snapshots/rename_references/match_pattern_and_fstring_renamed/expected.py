from app.old import ExecutionEngine as UserExecutionEngine


def describe(value):
    match value:
        case UserExecutionEngine(name=name):
            return f"{UserExecutionEngine.__name__}: {name}"
    return None
