from unittest.mock import patch


@patch('app.old.ExecutionEngine.run')
def test_run(run):
    run.return_value = None


def test_stop(mocker):
    mocker.patch("app.old.ExecutionEngine.stop", return_value=None)
