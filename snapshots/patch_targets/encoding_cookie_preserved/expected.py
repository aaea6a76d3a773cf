# -*- coding: latin-1 -*-
# café
TARGET = "app.engine.UserExecutionEngine"
LABEL = "été"
