from unittest import mock


def test_consumer_builds_engine():
    with mock.patch("app.consumer.ExecutionEngine") as engine:
        engine.assert_not_called()
    with mock.patch("app.consumer.ExecutionEngineHelper"):
        pass
