"""Emits the events of one request's agent runs to that request's user."""
from typing import Any

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.websocket.bridge import WebSocketBridge


class WebSocketEmitter:
    def __init__(self, bridge: WebSocketBridge, context: UserExecutionContext) -> None:
        self._bridge = bridge
        self._context = context

    @property
    def context(self) -> UserExecutionContext:
        return self._context

    async def emit(self, event: str, **data: Any) -> None:
        message = {"type": event, "run_id": self._context.run_id, "thread_id": self._context.thread_id}
        message.update(data)
        await self._bridge.send(self._context.user_id, message)

    async def agent_started(self, agent_name: str) -> None:
        await self.emit("agent_started", agent=agent_name)

    async def agent_completed(self, result: AgentResult) -> None:
        await self.emit("agent_completed", agent=result.agent_name)

    async def agent_failed(self, result: AgentResult) -> None:
        await self.emit("agent_failed", agent=result.agent_name, error=result.error)
