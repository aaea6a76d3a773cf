from app.old import (
    EngineError,  # raised on shutdown
    helper,  # still legacy
)
from app.engine import (
    # the engine every service uses
    UserExecutionEngine as ExecutionEngine,  # the engine
)

engine = ExecutionEngine(helper(), EngineError)
