from app.engine import UserExecutionEngine as Engine
from app.old import ExecutionEngine

engines = [Engine(), ExecutionEngine()]
