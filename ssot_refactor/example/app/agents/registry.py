"""Registry of the agents this process can run, by name."""
from typing import Callable, Dict, List

from app.agents.base import BaseAgent
from app.agents.builtin import BUILTIN_AGENTS
from app.agents.errors import AgentNotFoundError

AgentFactoryFunc = Callable[[], BaseAgent]


class AgentRegistry:
    def __init__(self) -> None:
        self._factories: Dict[str, AgentFactoryFunc] = {}

    def register(self, name: str, factory: AgentFactoryFunc) -> None:
        if name in self._factories:
            raise ValueError(f"agent {name!r} is already registered")
        self._factories[name] = factory

    def get(self, name: str) -> BaseAgent:
        """A new instance of the agent registered as ``name``."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise AgentNotFoundError(name) from None
        return factory()

    def names(self) -> List[str]:
        return sorted(self._factories)

    def __contains__(self, name: object) -> bool:
        return name in self._factories

    def __len__(self) -> int:
        return len(self._factories)


def default_registry() -> AgentRegistry:
    """A registry holding the built-in agents."""
    registry = AgentRegistry()
    for agent_cls in BUILTIN_AGENTS:
        registry.register(agent_cls.name, agent_cls)
    return registry
