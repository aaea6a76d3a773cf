from app.engine import UserExecutionEngine
# the legacy spelling, still used below
from app.old import ExecutionEngine as UserExecutionEngine

engine = UserExecutionEngine()
