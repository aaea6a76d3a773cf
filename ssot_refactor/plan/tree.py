"""The repository's files as the planned commits leave them, and line mapping back to disk (pure)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ssot_refactor.scan.records import ModuleInfo


@dataclass(slots=True)
class Tree:
    """The repository's Python files as the planned commits leave them, read lazily."""

    root: Path
    contents: dict[str, bytes]
    #: indexes the workers read of planned bytes: path -> (bytes, index); an entry counts only
    #: while its bytes are the file's final ones (``check.applied_scan`` compares them)
    indexed: dict[str, tuple[bytes, ModuleInfo]] = field(default_factory=dict)

    def read(self, path: str) -> bytes:
        if path not in self.contents:
            self.contents[path] = (self.root / path).read_bytes()
        return self.contents[path]

    def original_line(self, path: str, line: int) -> int:
        """Where a line of the file as planned so far was in the file on disk (what the user reads)."""
        current = self.read(path)
        original = (self.root / path).read_bytes() if line else current
        if original == current:
            return line
        return map_line(current.splitlines(), original.splitlines(), line)

    def read_optional(self, path: str) -> bytes:
        """A file's bytes, or empty bytes for a file that does not exist yet."""
        if path not in self.contents and not (self.root / path).exists():
            return b""
        return self.read(path)


def map_line(after: Sequence[bytes], before: Sequence[bytes], line: int) -> int:
    """The 1-based line of ``before`` that line ``line`` of ``after`` comes from (nearest for a changed one)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        if new_start < line <= new_end:
            offset = line - 1 - new_start
            if tag != "equal":
                offset = min(offset, max(end - start - 1, 0))
            return min(start + offset, max(len(before) - 1, 0)) + 1
    return line
