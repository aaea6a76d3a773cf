from app.old import (EngineError, helper)
from app.engine import UserExecutionEngine as ExecutionEngine

engine = ExecutionEngine(helper(), EngineError)
