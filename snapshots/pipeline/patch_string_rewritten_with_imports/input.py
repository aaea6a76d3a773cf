from unittest import mock

from app.old import ExecutionEngine


@mock.patch("app.old.ExecutionEngine")
def test_engine(fake: ExecutionEngine) -> None:
    assert fake is not ExecutionEngine
