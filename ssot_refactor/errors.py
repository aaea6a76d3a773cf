"""Errors the tool reports to users, each with its exit code (pure)."""

from __future__ import annotations


class SsotError(Exception):
    """An expected failure: rendered as one line ``path:line: message (hint)``, never a traceback."""

    exit_code = 2

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class SpecError(SsotError):
    """The migration spec is missing, unreadable or invalid."""


class SourceError(SsotError):
    """A source file or the repository cannot be read as needed."""


class PlanError(SsotError):
    """The migration cannot be planned safely (a needed name has no home, a cycle, ...)."""


class DirtyTreeError(SsotError):
    """A precondition on the repository is not met (dirty tree, branch exists, merge running)."""


class VerifyError(SsotError):
    """The user's verification command failed after a commit."""

    exit_code = 3


class PrError(SsotError):
    """Pushing the branch or talking to the pull-request API failed."""

    exit_code = 4
