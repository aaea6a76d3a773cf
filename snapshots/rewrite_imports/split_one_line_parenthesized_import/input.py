from app.old import (EngineError, ExecutionEngine, helper)

engine = ExecutionEngine(helper(), EngineError)
