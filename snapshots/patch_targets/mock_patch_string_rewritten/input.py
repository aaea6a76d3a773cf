from unittest import mock


def test_engine_runs():
    with mock.patch("app.old.ExecutionEngine") as engine:
        engine.return_value.run.return_value = 1
