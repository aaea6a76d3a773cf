from app.old import ExecutionEngine as UserExecutionEngine


class Outer:
    class Inner:
        kind = UserExecutionEngine

    def method(self):
        def helper():
            return UserExecutionEngine
        return helper
