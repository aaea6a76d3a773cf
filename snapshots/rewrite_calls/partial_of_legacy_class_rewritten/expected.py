import functools
from functools import partial

from app.old import Engine


def factories(registry, context):
    by_registry = functools.partial(Engine.create_from_legacy, registry)
    by_context = partial(Engine.create_from_legacy, user_context=context)
    return by_registry, by_context
