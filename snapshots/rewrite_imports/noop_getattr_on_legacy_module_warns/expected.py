import app.old

engine_class = getattr(app.old, "ExecutionEngine")
