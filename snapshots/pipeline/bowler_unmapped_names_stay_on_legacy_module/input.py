import app.old
from app.old import EngineError, ExecutionEngine, helper

engine = ExecutionEngine(helper())
other = app.old.ExecutionEngine
errors = (EngineError, app.old.EngineError)
