from app.engine import UserExecutionEngine  # the engine
# kept for the old call sites

engines = [UserExecutionEngine(), UserExecutionEngine()]
