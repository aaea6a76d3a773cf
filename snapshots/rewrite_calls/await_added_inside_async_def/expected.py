from app.old import Engine


async def run(registry, bridge):
    engine = await Engine.create(registry=registry, websocket_bridge=bridge)
    return (await Engine.create(registry=registry, websocket_bridge=bridge)).status
