from app.old import ExecutionEngine
from app.engine import UserExecutionEngine

engines = [UserExecutionEngine(), ExecutionEngine()]
