from app.legacy.engine import Engine
from app.old import ExecutionEngine

engines = [Engine(), ExecutionEngine()]
