"""Quality of a tool's output: do the changed files still parse, and did import problems appear?

For every Python file a tool changed (``git diff --name-only`` against the base commit), the
file is parsed with ``ast`` and checked with pyflakes before and after; the counts of unused
imports (F401), redefinitions (F811) and undefined names (F821) are compared. Legacy references
left behind are counted with ``ssot-refactor check`` (run by the caller).
"""

from __future__ import annotations

import ast
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

CODES = {"UnusedImport": "F401", "RedefinedWhileUnused": "F811", "UndefinedName": "F821"}


@dataclass
class Quality:
    """What a tool's writes did to the files it touched."""

    tool: str
    corpus: str
    changed_files: int = 0
    unparsable_after: list[str] = field(default_factory=list)  #: parsed before, not after
    pyflakes_before: dict[str, int] = field(default_factory=dict)
    pyflakes_after: dict[str, int] = field(default_factory=dict)
    legacy_refs_left: int | None = None  #: ``ssot-refactor check`` findings after the tool
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def new_problems(self) -> dict[str, int]:
        """Import problems added by the tool, by pyflakes code (only increases)."""
        return {
            code: self.pyflakes_after.get(code, 0) - self.pyflakes_before.get(code, 0)
            for code in sorted(set(CODES.values()))
            if self.pyflakes_after.get(code, 0) > self.pyflakes_before.get(code, 0)
        }


def changed_python_files(repo: Path, base: str) -> list[str]:
    """Python files that differ from ``base`` in the working tree (committed or not)."""
    out = subprocess.run(
        ["git", "diff", "--name-only", base, "--", "*.py", "*.pyi"],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line]


def assess(repo: Path, base: str, tool: str, corpus: str) -> Quality:
    """Parse and pyflakes-check every changed file, before (at ``base``) and after (on disk)."""
    quality = Quality(tool, corpus)
    paths = changed_python_files(repo, base)
    quality.changed_files = len(paths)
    for path in paths:
        before = subprocess.run(
            ["git", "show", f"{base}:{path}"], cwd=repo, capture_output=True, check=False
        ).stdout
        target = repo / path
        after = target.read_bytes() if target.exists() else b""
        if _parses(before) and not _parses(after):
            quality.unparsable_after.append(path)
            continue
        _add(quality.pyflakes_before, _pyflakes_counts(before, path))
        _add(quality.pyflakes_after, _pyflakes_counts(after, path))
    return quality


def _parses(source: bytes) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def _add(total: dict[str, int], counts: dict[str, int]) -> None:
    for code, count in counts.items():
        total[code] = total.get(code, 0) + count


def _pyflakes_counts(source: bytes, path: str) -> dict[str, int]:
    try:
        from pyflakes.checker import Checker
    except ImportError:
        return {}
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        return {}
    counts: dict[str, int] = {}
    for message in Checker(tree, filename=path).messages:
        code = CODES.get(type(message).__name__)
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts
