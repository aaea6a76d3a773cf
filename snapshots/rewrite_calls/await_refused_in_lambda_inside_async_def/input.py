from app.old import Engine


async def run(registry, bridge):
    make = lambda: Engine(registry, bridge)
    return make
