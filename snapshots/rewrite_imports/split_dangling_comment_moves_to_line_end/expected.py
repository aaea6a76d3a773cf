from app.old import (helper, EngineError)
from app.engine import UserExecutionEngine as ExecutionEngine  # the engine

engine = ExecutionEngine(helper(), EngineError)
