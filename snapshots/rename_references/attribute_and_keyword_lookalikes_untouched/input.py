from app.old import ExecutionEngine

settings.ExecutionEngine = ExecutionEngine
configure(ExecutionEngine=ExecutionEngine)
text = "ExecutionEngine"  # a plain string, not an annotation
