from app.engine import UserExecutionEngine
# the legacy spelling, still used below
from app.engine import UserExecutionEngine

engine = UserExecutionEngine()
