from .engine import UserExecutionEngine as ExecutionEngine

engine = ExecutionEngine()
