def build():
    from app.old import (
        EngineError,
        ExecutionEngine,
        helper,
    )

    return ExecutionEngine(helper(), EngineError)
