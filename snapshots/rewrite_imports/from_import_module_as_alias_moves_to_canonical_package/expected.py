from app.legacy import settings
from app import engine as legacy_engine

worker = legacy_engine.UserExecutionEngine(settings)
