"""Agent runtime: agents, their registry, execution contexts and engines."""
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.agents.supervisor import ExecutionEngine

__all__ = ["AgentRegistry", "ExecutionEngine", "UserExecutionContext"]
