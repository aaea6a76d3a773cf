"""Tests that patch app.old.ExecutionEngine.

The target "app.old.ExecutionEngine" in this docstring is documentation.
"""
from unittest import mock

TARGET = "app.old.ExecutionEngine"  # was "app.old.ExecutionEngine"
"""app.old.ExecutionEngine"""


def test_engine():
    """Patch 'app.old.ExecutionEngine'."""
    # mock.patch("app.old.ExecutionEngine")
    with mock.patch(TARGET):
        pass


class TestEngine:
    "app.old.ExecutionEngine"
