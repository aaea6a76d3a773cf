class Registry:
    from app.old import ExecutionEngine

    default = ExecutionEngine

    def build(self):
        from app.old import ExecutionEngine as Engine

        return Engine()
