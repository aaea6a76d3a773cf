"""Request-scoped engine under its former name."""
from app.agents.supervisor.user_execution_engine import UserExecutionEngine as RequestScopedExecutionEngine

__all__ = ["RequestScopedExecutionEngine"]
