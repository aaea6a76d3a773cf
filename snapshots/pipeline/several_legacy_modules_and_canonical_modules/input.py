from app.old import ExecutionEngine, create_engine
from app.legacy.engine import Engine

engines = [create_engine(ExecutionEngine), Engine()]
