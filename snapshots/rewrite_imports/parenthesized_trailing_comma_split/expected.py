def load():
    from app.old import (
        helper,  # still legacy
        EngineError,
    )
    from app.engine import UserExecutionEngine as ExecutionEngine

    return ExecutionEngine, helper, EngineError
