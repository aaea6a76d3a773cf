from unittest import mock

from app import old


@mock.patch("app.engine.UserExecutionEngine")
def test_decorated(engine):
    engine.assert_not_called()


def test_context_manager():
    with mock.patch('app.engine.UserExecutionEngine', autospec=True) as engine:
        engine.assert_not_called()


def test_unrelated_attribute():
    with mock.patch.object(old, "helper"):
        pass
