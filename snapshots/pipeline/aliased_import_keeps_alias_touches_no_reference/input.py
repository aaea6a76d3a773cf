from app.old import ExecutionEngine as Engine

engine: Engine = Engine()
