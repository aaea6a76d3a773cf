from app.old import Engine


async def run(registry, bridge):
    return Engine.create(registry=registry, websocket_bridge=bridge)
