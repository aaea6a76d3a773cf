try:
    from app.engine import UserExecutionEngine
except ImportError:
    from app.engine import UserExecutionEngine

engine = UserExecutionEngine()
