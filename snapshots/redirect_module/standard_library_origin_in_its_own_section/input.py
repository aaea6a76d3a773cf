"""Legacy engine; callers also import OrderedDict and Path from here."""
from collections import OrderedDict
from pathlib import Path


class ExecutionEngine:
    history = OrderedDict()
    root = Path(".")
