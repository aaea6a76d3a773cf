from app.old import Engine


def build(registry, bridge, context):
    return Engine(registry, websocket_emitter=bridge, user_context=context)
