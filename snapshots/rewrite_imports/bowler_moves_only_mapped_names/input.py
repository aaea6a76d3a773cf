import app.old
from app.old import EngineError

engine = app.old.ExecutionEngine()
value = app.old.helper()
error = EngineError
