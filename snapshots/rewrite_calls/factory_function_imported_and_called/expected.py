from app.old import Engine
from app.factory import build_engine


def build(registry, bridge):
    return build_engine(registry=registry, websocket_bridge=bridge)
