from app.old import *
from app.old import ExecutionEngine

engine = ExecutionEngine()
