try:
    from app.engine import UserExecutionEngine as ExecutionEngine
except ImportError:  # optional runtime
    ExecutionEngine = None
