import functools

from app.old import ExecutionEngine, helper


@ExecutionEngine.register
class Runner(ExecutionEngine):
    engine_class: type[ExecutionEngine] = ExecutionEngine

    def run(self, engine: ExecutionEngine = ExecutionEngine.default()) -> ExecutionEngine:
        if isinstance(engine, ExecutionEngine):
            return engine
        return functools.partial(ExecutionEngine, helper())()


factories = {name: ExecutionEngine for name in ("a", "b")}
make = lambda: ExecutionEngine()
