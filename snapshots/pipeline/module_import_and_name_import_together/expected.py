import app.engine as legacy
from app.engine import UserExecutionEngine

engines = [legacy.UserExecutionEngine(), UserExecutionEngine()]
