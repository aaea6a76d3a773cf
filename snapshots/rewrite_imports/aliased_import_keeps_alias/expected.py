from app.engine import UserExecutionEngine as Engine

engine = Engine()
