from app.old import Engine as LegacyEngine


def build(registry, bridge):
    return LegacyEngine.create_from_legacy(registry=registry, websocket_bridge=bridge)
