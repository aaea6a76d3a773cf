from app.legacy.engine import Engine as UserExecutionEngine
from app.old import ExecutionEngine as UserExecutionEngine

engines = [UserExecutionEngine(), UserExecutionEngine()]
