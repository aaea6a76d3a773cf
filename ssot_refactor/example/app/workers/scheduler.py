"""Periodic agent jobs (daily digests, data refreshes)."""
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.agents.supervisor import execution_engine
from app.websocket.bridge import WebSocketBridge


@dataclass
class ScheduledJob:
    name: str
    user_id: str
    agent: str
    interval_seconds: float
    payload: Dict[str, Any] = field(default_factory=dict)
    next_run_at: float = 0.0


class Scheduler:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge) -> None:
        self._registry = registry
        self._bridge = bridge
        self._jobs: Dict[str, ScheduledJob] = {}

    def add(self, job: ScheduledJob) -> None:
        if job.name in self._jobs:
            raise ValueError(f"job {job.name!r} is already scheduled")
        self._jobs[job.name] = job

    def due(self, now: float) -> List[ScheduledJob]:
        due = [job for job in self._jobs.values() if job.next_run_at <= now]
        return sorted(due, key=lambda job: job.next_run_at)

    async def run_due(self, now: Optional[float] = None) -> Dict[str, AgentResult]:
        now = time.time() if now is None else now
        results: Dict[str, AgentResult] = {}
        for job in self.due(now):
            context = UserExecutionContext(user_id=job.user_id, thread_id=f"job-{job.name}")
            engine = execution_engine.ExecutionEngine(self._registry, self._bridge, context)
            results[job.name] = await engine.execute_agent(job.agent, job.payload)
            job.next_run_at = now + job.interval_seconds
        return results
