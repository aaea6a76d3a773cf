from app.old import Engine


def build(registry, bridge, context):
    return Engine.create_from_legacy(registry=registry, websocket_bridge=bridge, user_context=context)
