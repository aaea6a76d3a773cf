from app import factory, engine

worker = factory.create_request_scoped_engine(engine.UserExecutionEngine)
