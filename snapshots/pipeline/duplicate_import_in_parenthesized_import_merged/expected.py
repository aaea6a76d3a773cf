from app.engine import (
    EngineConfig,
    UserExecutionEngine,  # the canonical engine
)
from app.old import (
    EngineError,
    helper,
)

engine = UserExecutionEngine(EngineConfig(), helper, EngineError)
assert isinstance(engine, UserExecutionEngine)
