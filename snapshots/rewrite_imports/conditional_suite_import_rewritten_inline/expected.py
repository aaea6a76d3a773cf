import sys
if sys.version_info >= (3, 8): from app.engine import UserExecutionEngine as ExecutionEngine
else: ExecutionEngine = None
