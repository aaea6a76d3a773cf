from app.engine import UserExecutionEngine
from app.compat import UserExecutionEngine

engine = UserExecutionEngine()
