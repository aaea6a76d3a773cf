def build():
    from app.old import (
        EngineError,
        helper,
    )
    from app.engine import UserExecutionEngine as ExecutionEngine

    return ExecutionEngine(helper(), EngineError)
