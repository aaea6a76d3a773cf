from app.old import Engine
from app.factory import get_agent_factory


def build(registry, bridge):
    return Engine(registry=registry, websocket_bridge=bridge, agent_factory=get_agent_factory())
