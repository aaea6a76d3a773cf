from app.old import Engine


def build_engine(registry, bridge):
    return Engine(registry, bridge)
