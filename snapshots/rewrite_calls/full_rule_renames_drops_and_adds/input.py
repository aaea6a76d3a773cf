from app.old import Engine


def build(registry, bridge, context):
    return Engine(registry, bridge, context)
