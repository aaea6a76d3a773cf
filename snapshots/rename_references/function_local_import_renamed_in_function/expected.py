def build():
    from app.old import ExecutionEngine as UserExecutionEngine

    return UserExecutionEngine()


ExecutionEngine = "module level, unrelated"
