from app.old import Engine


def build(registry, bridge):
    return Engine(registry, bridge)
