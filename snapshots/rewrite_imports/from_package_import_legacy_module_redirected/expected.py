from app import engine, settings

worker = engine.UserExecutionEngine(settings.DEBUG)
