from app.old import ExecutionEngine as UserExecutionEngine

engine = UserExecutionEngine()
