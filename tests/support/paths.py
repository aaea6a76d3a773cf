"""Where the project's files are, for tests at any depth below ``tests/``."""

from __future__ import annotations

from pathlib import Path

#: the checkout: the folder holding ``pyproject.toml``, ``ssot_refactor/``, ``codemods/`` and ``tests/``
ROOT = Path(__file__).resolve().parents[2]
#: the golden files: ``snapshots/<codemod>/<case>/`` and ``snapshots/pr_body/``
SNAPSHOTS = ROOT / "snapshots"
