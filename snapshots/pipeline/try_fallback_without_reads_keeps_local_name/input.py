try:
    from app.old import ExecutionEngine
except ImportError:  # optional runtime
    ExecutionEngine = None
