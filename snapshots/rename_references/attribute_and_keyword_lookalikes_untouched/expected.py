from app.old import ExecutionEngine as UserExecutionEngine

settings.ExecutionEngine = UserExecutionEngine
configure(ExecutionEngine=UserExecutionEngine)
text = "ExecutionEngine"  # a plain string, not an annotation
