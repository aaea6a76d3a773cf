import app.old
import app.engine
from app.old import EngineError

engine = app.engine.UserExecutionEngine()
value = app.old.helper()
error = EngineError
