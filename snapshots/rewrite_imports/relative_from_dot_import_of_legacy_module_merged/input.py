from . import old as legacy, settings

worker = legacy.ExecutionEngine(settings)
