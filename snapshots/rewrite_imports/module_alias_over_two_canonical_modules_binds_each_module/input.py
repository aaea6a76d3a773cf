import app.old as legacy

worker = legacy.create_engine(legacy.ExecutionEngine)
