from app.old import Engine


def run(registry, bridge):
    return Engine(registry, bridge)
