from app.engine import (
    EngineConfig,
    UserExecutionEngine,  # the canonical engine
)
from app.old import (
    EngineError,
    ExecutionEngine,  # the legacy engine
    helper,
)

engine = ExecutionEngine(EngineConfig(), helper, EngineError)
assert isinstance(engine, UserExecutionEngine)
