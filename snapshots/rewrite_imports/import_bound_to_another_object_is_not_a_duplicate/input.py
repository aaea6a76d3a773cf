from app.old import ExecutionEngine as UserExecutionEngine
from app.compat import UserExecutionEngine

engine = UserExecutionEngine()
