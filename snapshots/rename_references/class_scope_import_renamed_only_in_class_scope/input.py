class Holder:
    from app.old import ExecutionEngine

    kind = ExecutionEngine

    def method(self):
        return ExecutionEngine  # the module global, not the class attribute


ExecutionEngine = None
