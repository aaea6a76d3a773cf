import sys; from app.old import helper; from app.engine import UserExecutionEngine as ExecutionEngine; engine = ExecutionEngine(helper(sys.argv))
