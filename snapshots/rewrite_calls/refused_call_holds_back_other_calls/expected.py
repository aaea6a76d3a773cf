from app.old import Engine


def build(registry, bridge, args):
    first = Engine(registry, bridge)
    second = Engine(*args)
    return first, second
