import app.engine


def build():
    return app.engine.UserExecutionEngine()
