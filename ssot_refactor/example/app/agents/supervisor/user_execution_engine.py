"""Request-scoped agent execution engine.

A ``UserExecutionEngine`` serves exactly one user request: it holds that request's
context, creates fresh agents through an ``AgentFactory`` and reports progress through a
``WebSocketEmitter`` bound to the same user. Nothing is shared between instances.
"""
import asyncio
import logging
import time
from typing import Any, Dict, List, Optional, Sequence

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.factory import AgentFactory
from app.agents.registry import AgentRegistry
from app.settings import get_settings
from app.websocket.bridge import WebSocketBridge
from app.websocket.emitter import WebSocketEmitter

logger = logging.getLogger(__name__)

__all__ = ["UserExecutionEngine"]


class UserExecutionEngine:
    def __init__(
        self,
        context: UserExecutionContext,
        agent_factory: AgentFactory,
        websocket_emitter: WebSocketEmitter,
    ) -> None:
        if websocket_emitter.context.user_id != context.user_id:
            raise ValueError("the websocket emitter belongs to another user")
        self._context = context
        self._agent_factory = agent_factory
        self._emitter = websocket_emitter
        self._history: List[AgentResult] = []

    @classmethod
    def create_from_legacy(
        cls,
        registry: AgentRegistry,
        websocket_bridge: WebSocketBridge,
        user_context: Optional[UserExecutionContext] = None,
    ) -> "UserExecutionEngine":
        """Build an engine from a registry and a bridge, the arguments older engines took.

        Without a user context the engine runs under the system context.
        """
        context = user_context if user_context is not None else UserExecutionContext.system()
        return cls(context, AgentFactory(registry), WebSocketEmitter(websocket_bridge, context))

    @property
    def context(self) -> UserExecutionContext:
        return self._context

    async def execute_agent(
        self,
        agent_name: str,
        payload: Optional[Dict[str, Any]] = None,
        *,
        timeout: Optional[float] = None,
    ) -> AgentResult:
        """Run one agent; a failing or timed-out agent gives an unsuccessful result.

        Raises ``AgentNotFoundError`` (an ``EngineError``) for an unknown agent name.
        """
        agent = self._agent_factory.create(agent_name, self._context)
        limit = timeout if timeout is not None else get_settings().agent_timeout_seconds
        await self._emitter.agent_started(agent_name)
        started = time.perf_counter()
        try:
            output = await asyncio.wait_for(agent.run(self._context, dict(payload or {})), limit)
        except asyncio.TimeoutError:
            result = AgentResult(agent_name, self._context.run_id, False, error=f"timed out after {limit:g}s")
        except Exception as exc:  # an agent failure is a result, not a crash of the request
            logger.warning("agent %s failed for user %s: %s", agent_name, self._context.user_id, exc)
            error = str(exc) or type(exc).__name__
            result = AgentResult(agent_name, self._context.run_id, False, error=error)
        else:
            result = AgentResult(agent_name, self._context.run_id, True, output=output)
        result.duration_ms = (time.perf_counter() - started) * 1000
        self._history.append(result)
        if result.success:
            await self._emitter.agent_completed(result)
        else:
            await self._emitter.agent_failed(result)
        return result

    async def execute_pipeline(
        self, agent_names: Sequence[str], payload: Optional[Dict[str, Any]] = None
    ) -> List[AgentResult]:
        """Run agents in order; each one gets the payload merged with the previous output.

        Stops at the first unsuccessful result.
        """
        results: List[AgentResult] = []
        current = dict(payload or {})
        for name in agent_names:
            result = await self.execute_agent(name, current)
            results.append(result)
            if not result.success:
                break
            current = {**current, **result.output}
        return results

    def get_history(self) -> List[AgentResult]:
        return list(self._history)

    def __repr__(self) -> str:
        return f"<UserExecutionEngine user={self._context.user_id!r} run={self._context.run_id!r}>"
