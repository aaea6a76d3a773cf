"""Chat: routes each user message through the triage agent, then runs the chosen agent."""
import logging
from typing import Any, Dict

from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.agents.supervisor.execution_engine import ExecutionEngine  # one engine per message
from app.websocket.bridge import WebSocketBridge

logger = logging.getLogger(__name__)


class ChatService:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge

    def _create_engine(self, context: UserExecutionContext) -> ExecutionEngine:
        return ExecutionEngine(self._registry, websocket_bridge=self._bridge, user_context=context)

    async def handle_message(self, user_id: str, thread_id: str, message: str) -> Dict[str, Any]:
        context = UserExecutionContext(user_id=user_id, thread_id=thread_id)
        engine = self._create_engine(context)
        triage = await engine.execute_agent("triage", {"message": message})
        if not triage.success:
            return {"agent": "triage", "reply": None, "error": triage.error, "run_id": context.run_id}
        route = triage.output.get("route", "echo")
        answer = await engine.execute_agent(route, {"message": message})
        logger.info("chat %s/%s answered by %s", user_id, thread_id, route)
        return {
            "agent": route,
            "reply": answer.output if answer.success else None,
            "error": answer.error,
            "run_id": context.run_id,
        }
