import app.old
import app.engine

try:
    engine = app.engine.UserExecutionEngine()
except app.old.EngineError:
    engine = None
