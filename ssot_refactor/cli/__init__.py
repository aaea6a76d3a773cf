"""The command line: thin click commands over the library API (effects: terminal output only).

``base`` holds the group and what the commands share; each other module registers its commands
on it when imported: ``migrate`` (audit, diff, run, check), ``share`` (pr, demo), ``draft`` (init).
"""

from __future__ import annotations

from ssot_refactor.cli import draft, migrate, share  # noqa: F401  (they register their commands)
from ssot_refactor.cli.base import INCOMPLETE_EXIT, REVIEW_QUIT_EXIT, main

__all__ = ["INCOMPLETE_EXIT", "REVIEW_QUIT_EXIT", "main"]
