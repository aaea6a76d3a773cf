"""Nightly batches: one agent over many payloads of a user."""
import logging
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List

import app.agents.supervisor.execution_engine as legacy_engine
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.websocket.bridge import WebSocketBridge

logger = logging.getLogger(__name__)


@dataclass
class BatchReport:
    agent: str
    succeeded: int = 0
    failed: int = 0
    errors: List[str] = field(default_factory=list)
    outputs: List[Dict[str, Any]] = field(default_factory=list)


class BatchWorker:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge

    async def run_batch(self, user_id: str, agent: str, payloads: Iterable[Dict[str, Any]]) -> BatchReport:
        context = UserExecutionContext(user_id=user_id, thread_id=f"batch-{agent}")
        engine = legacy_engine.ExecutionEngine(self._registry, self._bridge, user_context=context)
        report = BatchReport(agent=agent)
        for payload in payloads:
            try:
                result = await engine.execute_agent(agent, payload)
            except legacy_engine.EngineError as exc:
                logger.error("batch %s for %s aborted: %s", agent, user_id, exc)
                report.errors.append(str(exc))
                break
            if result.success:
                report.succeeded += 1
                report.outputs.append(result.output)
            else:
                report.failed += 1
                report.errors.append(result.error or "unknown error")
        return report
