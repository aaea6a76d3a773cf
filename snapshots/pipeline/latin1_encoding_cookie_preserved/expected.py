# -*- coding: latin-1 -*-
from app.engine import UserExecutionEngine

label = "moteur électrique"
engine = UserExecutionEngine()
