from app import engine


def build() -> "engine.UserExecutionEngine":
    return engine.UserExecutionEngine()
