from app.old import ExecutionEngine


class Outer:
    class Inner:
        kind = ExecutionEngine

    def method(self):
        def helper():
            return ExecutionEngine
        return helper
