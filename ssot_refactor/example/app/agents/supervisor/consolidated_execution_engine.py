"""Compatibility engine with the old constructor that keeps execution statistics.

It forwards every run to a ``UserExecutionEngine`` built from the old-style arguments and
counts executions, failures and time spent for the usage dashboard.
"""
from typing import Any, Dict, List, Optional, Sequence

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.agents.supervisor.user_execution_engine import UserExecutionEngine
from app.websocket.bridge import WebSocketBridge

__all__ = ["ConsolidatedExecutionEngine"]


class ConsolidatedExecutionEngine:
    def __init__(
        self,
        registry: AgentRegistry,
        websocket_bridge: WebSocketBridge,
        user_context: Optional[UserExecutionContext] = None,
    ) -> None:
        self._engine = UserExecutionEngine.create_from_legacy(registry, websocket_bridge, user_context)
        self._executions = 0
        self._failures = 0
        self._total_duration_ms = 0.0

    @property
    def context(self) -> UserExecutionContext:
        return self._engine.context

    async def execute_agent(
        self,
        agent_name: str,
        payload: Optional[Dict[str, Any]] = None,
        *,
        timeout: Optional[float] = None,
    ) -> AgentResult:
        result = await self._engine.execute_agent(agent_name, payload, timeout=timeout)
        self._record(result)
        return result

    async def execute_pipeline(
        self, agent_names: Sequence[str], payload: Optional[Dict[str, Any]] = None
    ) -> List[AgentResult]:
        results = await self._engine.execute_pipeline(agent_names, payload)
        for result in results:
            self._record(result)
        return results

    def get_history(self) -> List[AgentResult]:
        return self._engine.get_history()

    def get_execution_stats(self) -> Dict[str, float]:
        """Executions, failures, success rate and mean duration of this engine's runs."""
        executions = self._executions
        return {
            "executions": executions,
            "failures": self._failures,
            "success_rate": (executions - self._failures) / executions if executions else 1.0,
            "mean_duration_ms": self._total_duration_ms / executions if executions else 0.0,
        }

    def _record(self, result: AgentResult) -> None:
        self._executions += 1
        self._total_duration_ms += result.duration_ms
        if not result.success:
            self._failures += 1
