import functools
from functools import partial

from app.old import Engine


def factories(registry, context):
    by_registry = functools.partial(Engine, registry)
    by_context = partial(Engine, user_context=context)
    return by_registry, by_context
