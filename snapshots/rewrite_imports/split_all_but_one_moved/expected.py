from app.old import helper
from app.engine import (
    UserExecutionEngine as ExecutionEngine,
    EngineError,
)

engine = ExecutionEngine(helper(), EngineError)
