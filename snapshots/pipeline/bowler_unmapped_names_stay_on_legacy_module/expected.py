import app.old
import app.engine
from app.old import EngineError, helper
from app.engine import UserExecutionEngine

engine = UserExecutionEngine(helper())
other = app.engine.UserExecutionEngine
errors = (EngineError, app.old.EngineError)
