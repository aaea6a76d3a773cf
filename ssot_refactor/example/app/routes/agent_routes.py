"""Agent endpoints: run one agent, or a pipeline of agents, for the calling user."""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from app.agents.context import UserExecutionContext
from app.agents.errors import EngineError
from app.agents.factory import get_agent_factory
from app.agents.request_scoped_execution_engine import RequestScopedExecutionEngine
from app.agents.supervisor.execution_engine import create_request_scoped_engine  # validates the context
from app.dependencies import Dependencies, get_dependencies
from app.websocket.emitter import WebSocketEmitter


@dataclass
class AgentRunRequest:
    user_id: str
    thread_id: str
    agent: str
    payload: Dict[str, Any] = field(default_factory=dict)


@dataclass
class PipelineRequest:
    user_id: str
    thread_id: str
    agents: List[str]
    payload: Dict[str, Any] = field(default_factory=dict)


async def run_agent(request: AgentRunRequest, deps: Optional[Dependencies] = None) -> Dict[str, Any]:
    deps = deps or get_dependencies()
    context = UserExecutionContext(user_id=request.user_id, thread_id=request.thread_id)
    engine = create_request_scoped_engine(deps.registry, deps.bridge, context)
    try:
        result = await engine.execute_agent(request.agent, request.payload)
    except EngineError as exc:
        return {"status": 404, "error": str(exc)}
    return {"status": 200 if result.success else 500, "result": result.to_dict()}


async def run_pipeline(request: PipelineRequest, deps: Optional[Dependencies] = None) -> Dict[str, Any]:
    deps = deps or get_dependencies()
    context = UserExecutionContext(user_id=request.user_id, thread_id=request.thread_id)
    engine: RequestScopedExecutionEngine = RequestScopedExecutionEngine(
        context, get_agent_factory(deps.registry), WebSocketEmitter(deps.bridge, context)
    )
    try:
        results = await engine.execute_pipeline(request.agents, request.payload)
    except EngineError as exc:
        return {"status": 404, "error": str(exc)}
    ok = bool(results) and all(result.success for result in results)
    return {"status": 200 if ok else 500, "results": [result.to_dict() for result in results]}
