from app import engine
from app.engine import UserExecutionEngine

engines = [engine.UserExecutionEngine(), UserExecutionEngine()]
