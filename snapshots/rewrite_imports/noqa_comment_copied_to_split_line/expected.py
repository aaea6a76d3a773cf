from app.old import helper  # noqa: F401
from app.engine import UserExecutionEngine as ExecutionEngine  # noqa: F401
