from app.old import Engine


async def run(registry, bridge):
    engine = Engine(registry, bridge)
    return Engine(registry, bridge).status
