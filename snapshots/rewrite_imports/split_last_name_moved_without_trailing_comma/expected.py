from app.old import (
    EngineError,  # raised on shutdown
    helper
)
from app.engine import UserExecutionEngine as ExecutionEngine  # the engine

engine = ExecutionEngine(helper(), EngineError)
