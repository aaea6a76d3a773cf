from app.old import Engine as LegacyEngine


def build(registry, bridge):
    return LegacyEngine(registry, bridge)
