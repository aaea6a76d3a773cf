import sys
if sys.version_info >= (3, 8): from app.old import ExecutionEngine
else: ExecutionEngine = None
