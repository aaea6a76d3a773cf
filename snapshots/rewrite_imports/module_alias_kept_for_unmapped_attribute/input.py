import app.old as legacy

try:
    worker = legacy.ExecutionEngine()
except legacy.EngineError:
    worker = None
