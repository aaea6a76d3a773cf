import app.engine


def build():
    engine = app.engine.UserExecutionEngine()
    return engine
