"""Warm engines for system work (health probes, cache warmers)."""
from typing import Any, List, Optional

from app.agents.registry import AgentRegistry
from app.agents.supervisor import ExecutionEngine
from app.settings import get_settings
from app.websocket.bridge import WebSocketBridge


class EnginePool:
    """Round-robin pool of engines running under the system context."""

    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge, size: Optional[int] = None) -> None:
        size = size or get_settings().engine_pool_size
        self._engines = [ExecutionEngine(registry, bridge) for _ in range(size)]
        self._next = 0

    def acquire(self) -> Any:
        engine = self._engines[self._next % len(self._engines)]
        self._next += 1
        return engine

    def __len__(self) -> int:
        return len(self._engines)


def build_engines_with(
    ExecutionEngine: Any, registry: AgentRegistry, bridge: WebSocketBridge, size: int = 2
) -> List[Any]:
    """Engines of an injected class; the load benchmarks compare implementations with it."""
    return [ExecutionEngine(registry, bridge) for _ in range(size)]
