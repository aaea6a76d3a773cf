from unittest import mock

from app.engine import UserExecutionEngine


@mock.patch("app.engine.UserExecutionEngine")
def test_engine(fake: UserExecutionEngine) -> None:
    assert fake is not UserExecutionEngine
