# -*- coding: latin-1 -*-
# café
TARGET = "app.old.ExecutionEngine"
LABEL = "été"
