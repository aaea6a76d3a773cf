from core.engine import UserExecutionEngine as ExecutionEngine

engine = ExecutionEngine()
