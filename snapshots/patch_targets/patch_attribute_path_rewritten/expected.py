from unittest.mock import patch


@patch('app.engine.UserExecutionEngine.run')
def test_run(run):
    run.return_value = None


def test_stop(mocker):
    mocker.patch("app.engine.UserExecutionEngine.stop", return_value=None)
