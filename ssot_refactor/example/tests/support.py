"""Helpers shared by the test modules."""
import asyncio
from typing import Any, Awaitable, TypeVar
from unittest import mock

from app.agents.base import AgentResult

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)


def ok(agent: str, **output: Any) -> AgentResult:
    return AgentResult(agent, "run_test", True, output=output)


def failed(agent: str, error: str) -> AgentResult:
    return AgentResult(agent, "run_test", False, error=error)


def install_fake_engine(engine_cls: mock.MagicMock, *results: AgentResult) -> mock.MagicMock:
    """Make every way of building an engine from the patched class return one fake engine."""
    engine = mock.MagicMock(name="engine")
    engine.execute_agent = mock.AsyncMock(side_effect=list(results))
    engine_cls.return_value = engine
    engine_cls.create_from_legacy.return_value = engine
    engine_cls._init_from_factory.return_value = engine
    return engine
