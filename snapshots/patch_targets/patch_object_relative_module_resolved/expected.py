from unittest import mock

from . import old


def test_relative():
    with mock.patch("app.engine.UserExecutionEngine"):
        pass
