"""Creates agents for one request, so that no agent instance is shared between users."""
import logging
from typing import Optional

from app.agents.base import BaseAgent
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry, default_registry

logger = logging.getLogger(__name__)


class AgentFactory:
    def __init__(self, registry: AgentRegistry) -> None:
        self._registry = registry

    @property
    def registry(self) -> AgentRegistry:
        return self._registry

    def create(self, name: str, context: UserExecutionContext) -> BaseAgent:
        agent = self._registry.get(name)
        logger.debug("created agent %s for user %s (%s)", name, context.user_id, context.run_id)
        return agent


_default_factory: Optional[AgentFactory] = None


def get_agent_factory(registry: Optional[AgentRegistry] = None) -> AgentFactory:
    """A factory over ``registry``, or the process-wide factory over the built-in agents."""
    global _default_factory
    if registry is not None:
        return AgentFactory(registry)
    if _default_factory is None:
        _default_factory = AgentFactory(default_registry())
    return _default_factory
