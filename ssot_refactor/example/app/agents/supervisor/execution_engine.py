"""The original agent execution engine.

It predates request scoping: agent instances are cached per registry and the run history
is a class attribute, both shared by every engine of the process, whoever the user is.
"""
import asyncio
import logging
import weakref
from typing import Any, ClassVar, Dict, List, Optional, Sequence, Tuple

from app.agents.base import AgentResult, BaseAgent
from app.agents.context import UserExecutionContext
from app.agents.errors import EngineError
from app.agents.factory import AgentFactory, get_agent_factory
from app.agents.registry import AgentRegistry
from app.settings import get_settings
from app.websocket.bridge import WebSocketBridge

logger = logging.getLogger(__name__)

__all__ = ["EngineError", "ExecutionEngine", "UserExecutionContext", "create_request_scoped_engine"]


class ExecutionEngine:
    """Runs agents and reports their progress over the websocket bridge."""

    # Shared by every instance, across users.
    _agent_cache: ClassVar["weakref.WeakKeyDictionary[AgentRegistry, Dict[str, BaseAgent]]"] = (
        weakref.WeakKeyDictionary()
    )
    _run_history: ClassVar[List[Tuple[str, AgentResult]]] = []
    max_history: ClassVar[int] = 500

    def __init__(
        self,
        registry: AgentRegistry,
        websocket_bridge: WebSocketBridge,
        user_context: Optional[UserExecutionContext] = None,
    ) -> None:
        self.registry = registry
        self.websocket_bridge = websocket_bridge
        self.user_context = user_context if user_context is not None else UserExecutionContext.system()
        self._factory: Optional[AgentFactory] = None

    @classmethod
    def _init_from_factory(
        cls,
        registry: AgentRegistry,
        websocket_bridge: WebSocketBridge,
        user_context: Optional[UserExecutionContext] = None,
    ) -> "ExecutionEngine":
        """An engine that creates a fresh agent for every run instead of using the cache."""
        engine = cls(registry, websocket_bridge, user_context)
        engine._factory = get_agent_factory(registry)
        return engine

    @property
    def context(self) -> UserExecutionContext:
        return self.user_context

    def _resolve_agent(self, agent_name: str) -> BaseAgent:
        if self._factory is not None:
            return self._factory.create(agent_name, self.user_context)
        agents = ExecutionEngine._agent_cache.setdefault(self.registry, {})
        if agent_name not in agents:
            agents[agent_name] = self.registry.get(agent_name)
        return agents[agent_name]

    async def _notify(self, event: str, agent_name: str, **extra: Any) -> None:
        context = self.user_context
        message = {"type": event, "run_id": context.run_id, "thread_id": context.thread_id}
        message["agent"] = agent_name
        message.update(extra)
        try:
            await self.websocket_bridge.send(context.user_id, message)
        except Exception:  # a broken socket must not fail the run
            logger.exception("could not deliver %s for %s", event, context.run_id)

    def _remember(self, result: AgentResult) -> None:
        history = ExecutionEngine._run_history
        history.append((self.user_context.run_id, result))
        if len(history) > self.max_history:
            del history[: len(history) - self.max_history]

    async def execute_agent(
        self,
        agent_name: str,
        payload: Optional[Dict[str, Any]] = None,
        *,
        timeout: Optional[float] = None,
    ) -> AgentResult:
        agent = self._resolve_agent(agent_name)
        run_id = self.user_context.run_id
        limit = get_settings().agent_timeout_seconds if timeout is None else timeout
        await self._notify("agent_started", agent_name)
        loop = asyncio.get_running_loop()
        started = loop.time()
        task = asyncio.ensure_future(agent.run(self.user_context, dict(payload or {})))
        done, _ = await asyncio.wait({task}, timeout=limit)
        if not done:
            task.cancel()
            result = AgentResult(agent_name, run_id, False, error=f"timed out after {limit:g}s")
        elif task.exception() is not None:
            exc = task.exception()
            logger.warning("agent %s failed in %s: %s", agent_name, run_id, exc)
            result = AgentResult(agent_name, run_id, False, error=str(exc) or type(exc).__name__)
        else:
            result = AgentResult(agent_name, run_id, True, output=task.result())
        result.duration_ms = (loop.time() - started) * 1000
        self._remember(result)
        if result.success:
            await self._notify("agent_completed", agent_name)
        else:
            await self._notify("agent_failed", agent_name, error=result.error)
        return result

    async def execute_pipeline(
        self, agent_names: Sequence[str], payload: Optional[Dict[str, Any]] = None
    ) -> List[AgentResult]:
        if len(agent_names) > get_settings().max_pipeline_length:
            raise EngineError(f"pipeline of {len(agent_names)} agents is too long")
        results: List[AgentResult] = []
        data = dict(payload or {})
        for name in agent_names:
            result = await self.execute_agent(name, data)
            results.append(result)
            if not result.success:
                return results
            data.update(result.output)
        return results

    def get_history(self) -> List[AgentResult]:
        run_id = self.user_context.run_id
        return [result for owner, result in ExecutionEngine._run_history if owner == run_id]

    def __repr__(self) -> str:
        context = self.user_context
        return f"<ExecutionEngine user={context.user_id!r} run={context.run_id!r}>"


def create_request_scoped_engine(
    registry: AgentRegistry,
    websocket_bridge: WebSocketBridge,
    user_context: UserExecutionContext,
) -> ExecutionEngine:
    """An engine bound to one request's user context."""
    if user_context is None:
        raise EngineError("a request-scoped engine needs a user context")
    return ExecutionEngine(registry, websocket_bridge, user_context)
