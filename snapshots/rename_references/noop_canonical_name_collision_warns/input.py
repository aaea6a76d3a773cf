from app.old import ExecutionEngine

UserExecutionEngine = "already taken"
engine = ExecutionEngine()
