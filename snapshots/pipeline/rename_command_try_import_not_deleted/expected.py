try:
    from app.engine import UserExecutionEngine as ExecutionEngine
except ImportError:
    from app.compat import ExecutionEngine

engine = ExecutionEngine()
