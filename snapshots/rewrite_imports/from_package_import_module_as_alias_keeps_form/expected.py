from app import engine as engines, settings

worker = engines.UserExecutionEngine(settings.DEBUG)
