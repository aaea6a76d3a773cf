from . import engine as legacy, settings

worker = legacy.UserExecutionEngine(settings)
