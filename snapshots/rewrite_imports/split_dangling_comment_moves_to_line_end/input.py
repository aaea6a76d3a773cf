from app.old import (helper, EngineError, ExecutionEngine,  # the engine
)

engine = ExecutionEngine(helper(), EngineError)
