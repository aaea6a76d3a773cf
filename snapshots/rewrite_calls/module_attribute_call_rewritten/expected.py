import app.old as legacy
from app import old


def build(registry, bridge):
    first = legacy.Engine.create_from_legacy(registry=registry, websocket_bridge=bridge)
    second = old.Engine.create_from_legacy(registry=registry, websocket_bridge=bridge)
    return first, second
