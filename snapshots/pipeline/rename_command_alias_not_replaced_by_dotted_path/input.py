from app.old import ExecutionEngine as EE


def build() -> EE:
    return EE()
