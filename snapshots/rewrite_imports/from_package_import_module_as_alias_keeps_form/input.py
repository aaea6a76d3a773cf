from app import old as engines, settings

worker = engines.ExecutionEngine(settings.DEBUG)
