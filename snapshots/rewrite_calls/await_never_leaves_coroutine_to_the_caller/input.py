from app.old import Engine


async def run(registry, bridge):
    return Engine(registry, bridge)
