from app.engine import ExecutionEngine as Engine, UserExecutionEngine

engines = [Engine(), UserExecutionEngine()]
