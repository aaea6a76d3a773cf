from app.engine import UserExecutionEngine  # the engine
# kept for the old call sites
from app.old import ExecutionEngine  # noqa: F401

engines = [UserExecutionEngine(), ExecutionEngine()]
