from app.old import (
    ExecutionEngine,
    EngineError,
    helper,
)

engine = ExecutionEngine(helper(), EngineError)
