import app.old as legacy
from app import old


def build(registry, bridge):
    first = legacy.Engine(registry, bridge)
    second = old.Engine(registry, websocket_bridge=bridge)
    return first, second
