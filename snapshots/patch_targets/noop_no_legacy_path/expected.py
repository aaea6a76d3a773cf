import importlib
from unittest import mock

CONFIG = {"engine": "app.engine.UserExecutionEngine"}


def test_other():
    with mock.patch("app.other.Thing"):
        importlib.import_module("app.other")
