from app.old import helper
from app.engine import UserExecutionEngine as ExecutionEngine
from app.old import EngineError
from app.engine import UserExecutionEngine as Engine

engine = ExecutionEngine(helper(), EngineError)

worker = Engine()
