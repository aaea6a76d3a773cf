from app.engine import UserExecutionEngine as ExecutionEngine

UserExecutionEngine = None
engine = ExecutionEngine()
