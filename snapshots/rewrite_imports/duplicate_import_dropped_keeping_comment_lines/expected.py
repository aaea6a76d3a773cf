from app.engine import UserExecutionEngine
# the legacy spelling, still used below

engine = UserExecutionEngine()
