from .old import ExecutionEngine, helper

engine = ExecutionEngine(helper())
