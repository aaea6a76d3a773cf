# -*- coding: utf-8 -*-
from app.engine import UserExecutionEngine

engine = UserExecutionEngine()  # démarrage
