from app.old import (
    EngineError,  # raised on shutdown
    # the engine every service uses
    ExecutionEngine,  # the engine
    helper,  # still legacy
)

engine = ExecutionEngine(helper(), EngineError)
