from .old import helper
from .engine import UserExecutionEngine

engine = UserExecutionEngine(helper())
