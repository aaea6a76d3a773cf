from app import old, settings

worker = old.ExecutionEngine(settings.DEBUG)
