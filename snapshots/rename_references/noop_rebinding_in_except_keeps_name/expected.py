try:
    from app.old import ExecutionEngine
except ImportError:
    ExecutionEngine = None

engine = ExecutionEngine and ExecutionEngine()
