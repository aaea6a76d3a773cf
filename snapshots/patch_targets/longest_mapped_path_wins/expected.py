from unittest import mock

ENGINE = "app.engine.UserExecutionEngine"
RUN = "app.engine.UserExecutionEngine.execute"
RUN_ATTR = "app.engine.UserExecutionEngine.execute.__doc__"
STOP = "app.engine.UserExecutionEngine.stop"
