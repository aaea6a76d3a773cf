from app.old import (EngineError, ExecutionEngine,  # the engine
                     helper)

engine = ExecutionEngine(helper(), EngineError)
