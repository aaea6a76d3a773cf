from app import old

app = "config"
engine = old.ExecutionEngine()
