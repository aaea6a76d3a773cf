# -*- coding: utf-8 -*-
from app.old import ExecutionEngine

engine = ExecutionEngine()  # démarrage
