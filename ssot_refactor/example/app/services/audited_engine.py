"""Engine that writes an audit record for every agent run (required for compliance reports)."""
import logging
from typing import Any, Dict, Optional

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.agents.supervisor import ExecutionEngine
from app.websocket.bridge import WebSocketBridge

audit_logger = logging.getLogger("app.audit")


class AuditedExecutionEngine:
    """Wraps an engine and logs who asked for which agent, and how it went."""

    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge, context: UserExecutionContext) -> None:
        self._engine = ExecutionEngine(registry, bridge, context)

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
        context = self.context
        audit_logger.info("user=%s run=%s agent=%s requested", context.user_id, context.run_id, agent_name)
        result = await self._engine.execute_agent(agent_name, payload, timeout=timeout)
        audit_logger.info(
            "user=%s run=%s agent=%s success=%s", context.user_id, context.run_id, agent_name, result.success
        )
        return result
