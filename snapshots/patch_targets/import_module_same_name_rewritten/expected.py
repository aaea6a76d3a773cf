import importlib


def build():
    engines = importlib.import_module("app.engine")
    return engines.build_engine(engines.DEFAULTS)


def direct():
    return importlib.import_module('app.engine').build_engine()
