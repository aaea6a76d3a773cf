try:
    from app.old import ExecutionEngine
except ImportError:
    from app.compat import ExecutionEngine

engine = ExecutionEngine()
