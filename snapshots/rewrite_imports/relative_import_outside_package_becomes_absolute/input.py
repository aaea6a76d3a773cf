from ..old import ExecutionEngine

engine = ExecutionEngine()
