from app.old import (
    EngineError,  # raised on shutdown
    helper,
    ExecutionEngine  # the engine
)

engine = ExecutionEngine(helper(), EngineError)
