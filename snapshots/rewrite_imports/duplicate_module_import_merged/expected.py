import app.engine

engines = [app.engine.UserExecutionEngine(), app.engine.UserExecutionEngine()]
