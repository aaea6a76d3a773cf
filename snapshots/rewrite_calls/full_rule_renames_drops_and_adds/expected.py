from app.old import Engine
from app.factory import AgentFactory


def build(registry, bridge, context):
    return Engine(websocket_emitter=bridge, context=context, agent_factory=AgentFactory(registry))
