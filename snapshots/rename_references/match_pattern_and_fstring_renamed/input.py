from app.old import ExecutionEngine


def describe(value):
    match value:
        case ExecutionEngine(name=name):
            return f"{ExecutionEngine.__name__}: {name}"
    return None
