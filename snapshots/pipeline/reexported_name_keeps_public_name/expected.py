from app.engine import UserExecutionEngine as ExecutionEngine

DEFAULT = ExecutionEngine
