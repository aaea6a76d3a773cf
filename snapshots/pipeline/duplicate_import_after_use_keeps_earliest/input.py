from app.old import ExecutionEngine

DEFAULT = ExecutionEngine()

from app.engine import UserExecutionEngine

ENGINES = [DEFAULT, UserExecutionEngine()]
