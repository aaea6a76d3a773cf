from app.old import ExecutionEngine, helper


engine = ExecutionEngine(helper())
