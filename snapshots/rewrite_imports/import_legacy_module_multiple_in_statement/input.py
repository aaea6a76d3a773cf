import os, app.old

engine = app.old.ExecutionEngine(os.sep)
