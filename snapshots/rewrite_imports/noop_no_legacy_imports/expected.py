"""A module that never heard of the legacy engine."""
import os

ExecutionEngine = os.environ.get("ENGINE")
