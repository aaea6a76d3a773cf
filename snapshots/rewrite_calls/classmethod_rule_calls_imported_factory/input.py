from app.old import Engine


def build(registry, bridge, verbose):
    return Engine.build(registry, bridge, verbose=verbose)
