from app.old import EngineError
from app.engine import (
    UserExecutionEngine as ExecutionEngine,  # the engine that every service of the application builds on
)

engine = ExecutionEngine(helper(), EngineError)
