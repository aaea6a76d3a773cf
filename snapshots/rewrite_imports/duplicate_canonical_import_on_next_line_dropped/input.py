from app.old import ExecutionEngine as UserExecutionEngine
from app.engine import UserExecutionEngine

engine = UserExecutionEngine()
