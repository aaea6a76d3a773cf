from app.old import (
    EngineError,
    ExecutionEngine,  # the engine that every service of the application builds on
)

engine = ExecutionEngine(helper(), EngineError)
