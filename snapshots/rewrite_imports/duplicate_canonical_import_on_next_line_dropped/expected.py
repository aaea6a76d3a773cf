from app.engine import UserExecutionEngine

engine = UserExecutionEngine()
