def build():
    from app.old import ExecutionEngine

    return ExecutionEngine()


ExecutionEngine = "module level, unrelated"
