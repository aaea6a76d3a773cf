import app.engine
import app.old

engines = [app.engine.UserExecutionEngine(), app.old.ExecutionEngine()]
