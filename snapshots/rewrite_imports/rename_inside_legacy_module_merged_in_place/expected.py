from app.old import ExecutionEngine as Engine, helper

engine = Engine(helper())
