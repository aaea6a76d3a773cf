"""Model: one file's result (``Edited | Unchanged | Skipped | Failed``) and file edits (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ssot_refactor.model.findings import Finding, SkipReason


@dataclass(frozen=True, slots=True)
class Edited:
    """The file changes: ``after`` holds its new bytes."""

    path: str
    after: bytes
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The file needs no change (it may still carry findings: spots left alone)."""

    path: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """The file was not looked at, for a reason the user can act on."""

    path: str
    reason: SkipReason
    detail: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Failed:
    """A codemod failed on the file: a bug in the tool, reported, never raised across a pool."""

    path: str
    error: str


FileResult = Edited | Unchanged | Skipped | Failed


@dataclass(frozen=True, slots=True)
class FileEdit:
    """One file's change inside a planned commit."""

    path: PurePosixPath  #: relative to the repository root
    before: bytes  #: exact bytes: BOM, encoding cookie and CRLF survive
    after: bytes
    notes: tuple[Finding, ...] = ()
