from app.old import Engine


def build(Engine, registry, bridge):
    return Engine(registry, bridge)


def other(registry, bridge):
    Engine = make_engine
    return Engine(registry, bridge)
