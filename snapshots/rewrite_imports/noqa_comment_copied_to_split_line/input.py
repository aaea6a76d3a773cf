from app.old import ExecutionEngine, helper  # noqa: F401
