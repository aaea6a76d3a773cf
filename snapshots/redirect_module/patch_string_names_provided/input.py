"""Legacy engine; tests patch ``app.old.get_settings``."""
from app.settings import get_settings


class ExecutionEngine:
    def timeout(self):
        return get_settings().timeout
