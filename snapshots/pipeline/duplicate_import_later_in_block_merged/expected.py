import os
from app.engine import UserExecutionEngine
import sys


def build():
    return UserExecutionEngine(os.sep, sys.path), UserExecutionEngine()
