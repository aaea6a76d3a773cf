import app.old as legacy
from app import engine

try:
    worker = engine.UserExecutionEngine()
except legacy.EngineError:
    worker = None
