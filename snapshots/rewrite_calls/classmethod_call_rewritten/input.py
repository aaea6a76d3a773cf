from app.old import Engine


def build(registry, bridge, context):
    return Engine._init_from_factory(registry, bridge, user_context=context)
