import app.engine as legacy_engine


def build() -> "legacy_engine.UserExecutionEngine":
    return legacy_engine.UserExecutionEngine()
