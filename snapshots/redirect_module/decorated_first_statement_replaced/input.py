# A module without a docstring whose first statement is decorated.

@register("engine")
class ExecutionEngine:
    pass


def register(name):
    return lambda cls: cls
