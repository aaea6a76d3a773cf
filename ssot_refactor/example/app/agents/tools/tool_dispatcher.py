"""Runs the tool calls that an agent requested, in order, for one request."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Sequence

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.websocket.bridge import WebSocketBridge

from ..supervisor.consolidated_execution_engine import ConsolidatedExecutionEngine


@dataclass
class ToolCall:
    agent: str
    arguments: Dict[str, Any] = field(default_factory=dict)


class ToolDispatcher:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge

    async def dispatch(self, context: UserExecutionContext, calls: Sequence[ToolCall]) -> List[AgentResult]:
        """Run ``calls`` on one engine; stops at the first failing call."""
        engine = ConsolidatedExecutionEngine(self._registry, self._bridge, user_context=context)
        results: List[AgentResult] = []
        for call in calls:
            result = await engine.execute_agent(call.agent, call.arguments)
            results.append(result)
            if not result.success:
                break
        return results
