from app.legacy import engine as legacy_engine, settings

worker = legacy_engine.Engine(settings)
