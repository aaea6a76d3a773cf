import app.old as old

app = "config"
engine = old.ExecutionEngine()
