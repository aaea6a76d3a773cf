def load():
    from app.old import (
        ExecutionEngine,
        helper,  # still legacy
        EngineError,
    )

    return ExecutionEngine, helper, EngineError
