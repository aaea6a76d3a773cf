from unittest import mock

TARGETS = [
    "app.old.ExecutionEngineFactory",
    "xapp.old.ExecutionEngine",
    "app.older.ExecutionEngine",
    "app.old.ExecutionEngine2",
    "app.old",
    "app.old.ExecutionEngine run",
    "app.old:ExecutionEngine",
    b"app.old.ExecutionEngine",
]


def test_factory():
    with mock.patch("app.old.ExecutionEngineFactory"):
        pass
