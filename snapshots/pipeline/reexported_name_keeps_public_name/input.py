from app.old import ExecutionEngine

DEFAULT = ExecutionEngine
