import app.old as legacy


@legacy.create_engine
def build():
    return legacy.ExecutionEngine()
