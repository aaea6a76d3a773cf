from app import factory, engine


@factory.create_request_scoped_engine
def build():
    return engine.UserExecutionEngine()
