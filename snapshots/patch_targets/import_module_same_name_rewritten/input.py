import importlib


def build():
    engines = importlib.import_module("app.old")
    return engines.build_engine(engines.DEFAULTS)


def direct():
    return importlib.import_module('app.old').build_engine()
