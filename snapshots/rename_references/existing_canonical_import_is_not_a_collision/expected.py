from app.engine import UserExecutionEngine
from app.old import ExecutionEngine as UserExecutionEngine

engines = [UserExecutionEngine(), UserExecutionEngine()]
