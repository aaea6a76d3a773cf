"""Legacy engine module; callers use ``old.ExecutionEngine`` and ``old.DEFAULT_TIMEOUT``."""
from app.settings import DEFAULT_TIMEOUT


class ExecutionEngine:
    timeout = DEFAULT_TIMEOUT
