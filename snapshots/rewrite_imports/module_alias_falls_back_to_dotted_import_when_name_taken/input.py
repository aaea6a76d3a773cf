import app.old as old


def build():
    engine = old.ExecutionEngine()
    return engine
