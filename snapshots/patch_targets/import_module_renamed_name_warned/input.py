import importlib

engines = importlib.import_module("app.old")
ENGINE = engines.ExecutionEngine


def register(registry):
    registry.add(importlib.import_module("app.old"))
