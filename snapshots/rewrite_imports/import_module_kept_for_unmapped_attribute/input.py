import app.old

try:
    engine = app.old.ExecutionEngine()
except app.old.EngineError:
    engine = None
