from app.old import Engine, helper

engine = Engine(helper())
