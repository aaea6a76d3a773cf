class Registry:
    from app.engine import UserExecutionEngine

    default = UserExecutionEngine

    def build(self):
        from app.engine import UserExecutionEngine as Engine

        return Engine()
