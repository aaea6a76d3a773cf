try:
    from app.engine import UserExecutionEngine as ExecutionEngine
except ImportError:
    from app.engine import UserExecutionEngine as ExecutionEngine

engine = ExecutionEngine()
