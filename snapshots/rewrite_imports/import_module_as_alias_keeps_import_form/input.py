import os, app.old as engines


def build() -> "engines.ExecutionEngine":
    return engines.ExecutionEngine(os.sep)
