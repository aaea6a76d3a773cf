from app.old import Engine, ExecutionEngine

engines = [Engine(), ExecutionEngine()]
