from app.engine import UserExecutionEngine as ExecutionEngine

engine: ExecutionEngine = ExecutionEngine()
