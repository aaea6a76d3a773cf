try:
    from app.engine import UserExecutionEngine
except ImportError:
    from app.old import ExecutionEngine as UserExecutionEngine

engine = UserExecutionEngine()
