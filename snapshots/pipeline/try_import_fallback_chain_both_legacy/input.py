try:
    from app.old import ExecutionEngine
except ImportError:
    from app.legacy.engine import Engine as ExecutionEngine

engine = ExecutionEngine()
