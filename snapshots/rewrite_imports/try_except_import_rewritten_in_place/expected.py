try:
    from app.engine import UserExecutionEngine as ExecutionEngine
except ImportError:  # optional dependency
    ExecutionEngine = None
