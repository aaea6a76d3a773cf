import functools

from app.old import ExecutionEngine as UserExecutionEngine, helper


@UserExecutionEngine.register
class Runner(UserExecutionEngine):
    engine_class: type[UserExecutionEngine] = UserExecutionEngine

    def run(self, engine: UserExecutionEngine = UserExecutionEngine.default()) -> UserExecutionEngine:
        if isinstance(engine, UserExecutionEngine):
            return engine
        return functools.partial(UserExecutionEngine, helper())()


factories = {name: UserExecutionEngine for name in ("a", "b")}
make = lambda: UserExecutionEngine()
