from app.old import ExecutionEngine as UserExecutionEngine
from app.legacy.engine import Engine as UserExecutionEngine

engine = UserExecutionEngine()
