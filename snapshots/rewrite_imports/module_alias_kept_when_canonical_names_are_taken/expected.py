import app.engine as old

app = "config"
engine = old.UserExecutionEngine()
