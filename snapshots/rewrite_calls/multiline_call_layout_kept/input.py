from app.old import Engine


def build(registry, bridge, context):
    return Engine(
        registry,  # the shared registry
        bridge,
        user_context=context,
    )
