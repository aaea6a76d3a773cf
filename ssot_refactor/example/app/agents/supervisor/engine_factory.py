"""Construction helpers for request-scoped engines."""
from app.agents.context import UserExecutionContext
from app.agents.errors import EngineError
from app.agents.factory import AgentFactory
from app.agents.registry import AgentRegistry
from app.agents.supervisor.user_execution_engine import UserExecutionEngine
from app.websocket.bridge import WebSocketBridge
from app.websocket.emitter import WebSocketEmitter

__all__ = ["create_request_scoped_engine"]


def create_request_scoped_engine(
    registry: AgentRegistry,
    websocket_bridge: WebSocketBridge,
    user_context: UserExecutionContext,
) -> UserExecutionEngine:
    """An engine bound to one request's user context."""
    if user_context is None:
        raise EngineError("a request-scoped engine needs a user context")
    return UserExecutionEngine(
        user_context, AgentFactory(registry), WebSocketEmitter(websocket_bridge, user_context)
    )
