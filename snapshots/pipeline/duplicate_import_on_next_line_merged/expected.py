from app.engine import UserExecutionEngine

engines = [UserExecutionEngine(), UserExecutionEngine()]
