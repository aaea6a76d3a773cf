from unittest import mock

ENGINE = "app.old.ExecutionEngine"
RUN = "app.old.ExecutionEngine.run"
RUN_ATTR = "app.old.ExecutionEngine.run.__doc__"
STOP = "app.old.ExecutionEngine.stop"
