import app.old


def build():
    return app.old.ExecutionEngine()
