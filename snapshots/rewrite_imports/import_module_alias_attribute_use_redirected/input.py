import app.old as legacy_engine


def build() -> "legacy_engine.ExecutionEngine":
    return legacy_engine.ExecutionEngine()
