from app.old import ExecutionEngine, create_engine

engine = create_engine(ExecutionEngine)
