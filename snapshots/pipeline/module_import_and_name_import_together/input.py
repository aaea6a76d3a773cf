import app.old as legacy
from app.old import ExecutionEngine

engines = [legacy.ExecutionEngine(), ExecutionEngine()]
