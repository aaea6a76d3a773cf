from app.old import Engine
from app.factory import default_factory, make_engine


def build(registry, bridge, verbose):
    return make_engine(registry=registry, emitter=bridge, factory=default_factory())
