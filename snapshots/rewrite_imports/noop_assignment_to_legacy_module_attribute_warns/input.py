import app.old

app.old.ExecutionEngine = object
