# -*- coding: latin-1 -*-
from app.old import ExecutionEngine

label = "moteur électrique"
engine = ExecutionEngine()
