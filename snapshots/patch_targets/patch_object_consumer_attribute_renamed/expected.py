from unittest.mock import patch

import app.consumer as consumer


def test_consumer():
    with patch.object(consumer, "UserExecutionEngine") as engine:
        engine.assert_not_called()
