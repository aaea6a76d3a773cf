"""Supervisor: the engines that run agents for a request."""
from .execution_engine import ExecutionEngine
from .user_execution_engine import UserExecutionEngine

__all__ = ["ExecutionEngine", "UserExecutionEngine"]
