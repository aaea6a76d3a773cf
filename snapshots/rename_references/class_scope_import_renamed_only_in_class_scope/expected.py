class Holder:
    from app.old import ExecutionEngine as UserExecutionEngine

    kind = UserExecutionEngine

    def method(self):
        return ExecutionEngine  # the module global, not the class attribute


ExecutionEngine = None
