from app.old import EngineError, helper

print(EngineError, helper)
