"""Worker for queued agent tasks (webhooks, retries of failed chat runs)."""
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Deque, Dict, List

from app.agents.base import AgentResult
from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
from app.websocket.bridge import WebSocketBridge

logger = logging.getLogger(__name__)


@dataclass
class Task:
    user_id: str
    thread_id: str
    agent: str
    payload: Dict[str, Any] = field(default_factory=dict)
    attempts: int = 0


class TaskWorker:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge, *, max_attempts: int = 3) -> None:
        self._registry = registry
        self._bridge = bridge
        self._max_attempts = max_attempts
        self._queue: Deque[Task] = deque()
        self.completed: List[AgentResult] = []
        self.failed: List[Task] = []

    def submit(self, task: Task) -> None:
        self._queue.append(task)

    def __len__(self) -> int:
        return len(self._queue)

    def _build_engine(self, context: UserExecutionContext) -> Any:
        # Imported here: the worker process starts before the agent runtime is configured.
        from app.agents.supervisor.execution_engine import ExecutionEngine

        return ExecutionEngine(registry=self._registry, websocket_bridge=self._bridge, user_context=context)

    async def run_once(self) -> bool:
        """Run the next task; False when the queue is empty."""
        if not self._queue:
            return False
        task = self._queue.popleft()
        context = UserExecutionContext(user_id=task.user_id, thread_id=task.thread_id)
        engine = self._build_engine(context)
        result = await engine.execute_agent(task.agent, task.payload)
        if result.success:
            self.completed.append(result)
            return True
        task.attempts += 1
        if task.attempts < self._max_attempts:
            logger.info("retrying %s for %s (attempt %d)", task.agent, task.user_id, task.attempts + 1)
            self._queue.append(task)
        else:
            logger.error("giving up on %s for %s: %s", task.agent, task.user_id, result.error)
            self.failed.append(task)
        return True

    async def drain(self) -> int:
        processed = 0
        while await self.run_once():
            processed += 1
        return processed
