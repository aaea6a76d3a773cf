from . import engine, settings

worker = engine.UserExecutionEngine(settings)
