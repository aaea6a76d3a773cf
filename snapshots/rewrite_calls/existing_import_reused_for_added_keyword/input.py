from app.factory import get_agent_factory
from app.old import Engine


def build(registry, bridge):
    return Engine(registry, bridge)
