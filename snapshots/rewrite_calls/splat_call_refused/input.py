from app.old import Engine


def build(args, context):
    return Engine(*args, user_context=context)
