from .engine import UserExecutionEngine

engines = [UserExecutionEngine(), UserExecutionEngine()]
