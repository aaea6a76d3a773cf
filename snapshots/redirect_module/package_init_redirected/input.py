"""Legacy engine package."""
from .core import ExecutionEngine
