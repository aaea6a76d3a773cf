from app.old import *

engine = ExecutionEngine()
