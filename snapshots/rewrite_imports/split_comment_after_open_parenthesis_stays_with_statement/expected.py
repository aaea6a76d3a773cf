from app.old import (  # the engine API
    EngineError,
    helper,
)
from app.engine import UserExecutionEngine as ExecutionEngine

engine = ExecutionEngine(helper(), EngineError)
