from app.old import ExecutionEngine

UserExecutionEngine = None
engine = ExecutionEngine()
