from .engine import UserExecutionEngine
from app.old import ExecutionEngine

engines = [UserExecutionEngine(), ExecutionEngine()]
