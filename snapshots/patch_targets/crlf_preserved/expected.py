from unittest import mock


def test_engine():
    with mock.patch("app.engine.UserExecutionEngine"):
        pass
