from app.old import *
from app.engine import UserExecutionEngine

engine = UserExecutionEngine()
