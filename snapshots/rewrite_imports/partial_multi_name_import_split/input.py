import os
from app.old import EngineError, ExecutionEngine, helper

engine = ExecutionEngine(helper(os.getcwd()))
