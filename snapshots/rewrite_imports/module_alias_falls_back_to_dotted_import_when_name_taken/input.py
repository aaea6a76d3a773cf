from app import old


def build():
    engine = old.ExecutionEngine()
    return engine
