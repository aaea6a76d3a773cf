from app.engine import UserExecutionEngine

DEFAULT = UserExecutionEngine()

ENGINES = [DEFAULT, UserExecutionEngine()]
