import os
from app.old import ExecutionEngine
import sys
from app.engine import UserExecutionEngine


def build():
    return ExecutionEngine(os.sep, sys.path), UserExecutionEngine()
