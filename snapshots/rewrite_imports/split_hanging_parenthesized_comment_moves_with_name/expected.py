from app.old import (EngineError, helper)
from app.engine import UserExecutionEngine as ExecutionEngine  # the engine

engine = ExecutionEngine(helper(), EngineError)
