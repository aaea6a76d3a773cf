from app.old import Engine


def build(registry, bridge):
    return Engine.create_from_legacy(registry=registry, websocket_bridge=bridge)
