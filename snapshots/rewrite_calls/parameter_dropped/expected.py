from app.old import Engine


def build(registry, bridge, context):
    return Engine(websocket_bridge=bridge, user_context=context)
