import os, app.engine

engine = app.engine.UserExecutionEngine(os.sep)
