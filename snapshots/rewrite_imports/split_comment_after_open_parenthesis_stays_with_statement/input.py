from app.old import (  # the engine API
    EngineError,
    ExecutionEngine,
    helper,
)

engine = ExecutionEngine(helper(), EngineError)
