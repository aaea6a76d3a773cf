import os, app.engine as engines


def build() -> "engines.UserExecutionEngine":
    return engines.UserExecutionEngine(os.sep)
