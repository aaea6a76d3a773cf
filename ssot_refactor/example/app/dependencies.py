"""Process-wide dependencies shared by the HTTP routes."""
from dataclasses import dataclass, field
from typing import Optional

from app.agents.registry import AgentRegistry, default_registry
from app.websocket.bridge import WebSocketBridge


@dataclass
class Dependencies:
    registry: AgentRegistry = field(default_factory=default_registry)
    bridge: WebSocketBridge = field(default_factory=WebSocketBridge)


_dependencies: Optional[Dependencies] = None


def get_dependencies() -> Dependencies:
    """The dependencies of this process, created on first use."""
    global _dependencies
    if _dependencies is None:
        _dependencies = Dependencies()
    return _dependencies


def reset_dependencies() -> None:
    """Forget the process-wide dependencies (tests, configuration reloads)."""
    global _dependencies
    _dependencies = None
