"""Thread reports: a summary of a conversation, optionally with an audit trail."""
from typing import Any, Dict, List

from app.agents.context import UserExecutionContext
from app.agents.registry import AgentRegistry
# Reports are produced by the engine the audit trail was written for.
from app.agents.supervisor.execution_engine import ExecutionEngine as Engine
from app.services.audited_engine import AuditedExecutionEngine
from app.websocket.bridge import WebSocketBridge


class ReportService:
    def __init__(self, registry: AgentRegistry, bridge: WebSocketBridge, *, audited: bool = False) -> None:
        self._registry = registry
        self._bridge = bridge
        self._audited = audited

    def _engine_for(self, context: UserExecutionContext) -> Engine:
        if self._audited:
            return AuditedExecutionEngine(self._registry, self._bridge, context)
        return Engine(registry=self._registry, websocket_bridge=self._bridge, user_context=context)

    async def build_report(self, user_id: str, thread_id: str, messages: List[str]) -> Dict[str, Any]:
        context = UserExecutionContext(user_id=user_id, thread_id=thread_id, metadata={"kind": "report"})
        engine = self._engine_for(context)
        result = await engine.execute_agent("summary", {"text": " ".join(messages)})
        report: Dict[str, Any] = {"thread_id": thread_id, "messages": len(messages), "run_id": context.run_id}
        if result.success:
            report.update(summary=result.output["summary"], words=result.output["words"])
        else:
            report.update(summary=None, error=result.error)
        return report
