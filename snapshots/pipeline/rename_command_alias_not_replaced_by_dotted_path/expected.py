from app.engine import UserExecutionEngine as EE


def build() -> EE:
    return EE()
