from app.old import ExecutionEngine

engine = ExecutionEngine()
