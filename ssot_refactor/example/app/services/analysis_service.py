"""Numeric analysis requests: statistics over the values a user uploads."""
import logging
from typing import Any, Dict, Sequence

from app.agents.registry import AgentRegistry
from app.agents.supervisor.execution_engine import (
    EngineError,
    ExecutionEngine,  # builds its agents through the agent factory
    UserExecutionContext,
)
from app.websocket.bridge import WebSocketBridge

logger = logging.getLogger(__name__)


class AnalysisService:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge

    async def analyse(self, user_id: str, values: Sequence[float], agent: str = "data") -> Dict[str, Any]:
        context = UserExecutionContext(user_id=user_id, thread_id="analysis")
        engine = ExecutionEngine._init_from_factory(self._registry, self._bridge, user_context=context)
        try:
            result = await engine.execute_agent(agent, {"values": list(values)})
        except EngineError as exc:
            logger.error("analysis for %s could not run: %s", user_id, exc)
            return {"ok": False, "error": str(exc)}
        if not result.success:
            return {"ok": False, "error": result.error}
        return {"ok": True, "stats": result.output}
