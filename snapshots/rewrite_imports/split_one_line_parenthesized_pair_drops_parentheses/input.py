from app.old import (helper, ExecutionEngine)
from app.old import (ExecutionEngine as Engine, EngineError,)

engine = ExecutionEngine(helper(), EngineError)

worker = Engine()
