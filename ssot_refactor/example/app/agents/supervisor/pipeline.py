"""Supervisor pipeline: triage a message, then run the agent it was routed to."""
from typing import List

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.websocket.bridge import WebSocketBridge

from .execution_engine import ExecutionEngine


class SupervisorPipeline:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge

    async def run(self, context: UserExecutionContext, message: str) -> List[AgentResult]:
        engine = ExecutionEngine(self._registry, self._bridge, user_context=context)
        triage = await engine.execute_agent("triage", {"message": message})
        if not triage.success:
            return [triage]
        routed = await engine.execute_pipeline([triage.output["route"]], {"message": message})
        return [triage, *routed]
