from app.old import (
    EngineError,  # raised on shutdown
    ExecutionEngine,  # the engine
    helper
)

engine = ExecutionEngine(helper())
