from unittest import mock

from . import old


def test_relative():
    with mock.patch.object(old, "ExecutionEngine"):
        pass
