try:
    from app.old import ExecutionEngine
except ImportError:  # optional dependency
    ExecutionEngine = None
