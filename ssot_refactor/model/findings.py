"""Model: findings (what the tool noticed, with a typed code) and skip reasons (pure)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ssot_refactor.model.names import Target


class Severity(enum.Enum):
    """How much a finding matters to the reader of a plan."""

    INFO = "info"
    WARNING = "warning"


class FindingCode(str, enum.Enum):
    """The kind of a finding, for the planner and the JSON output (its value is what JSON shows)."""

    NOTE = ""  #: a note or an unsafe spot left unchanged, nothing the planner acts on
    BLOCKED_CALL = "blocked-call"  #: a call that would not bind to the canonical signature
    BROKEN_CALL = "broken-call"  #: a call that binds neither signature (it fails today already)
    HELD_CALL = "held-call"  #: a call held back because another call of its name is blocked
    MISSING_MEMBER = "missing-member"  #: a member the canonical class lacks
    MISSING_METHOD = "missing-method"  #: a method called on the class that the canonical class lacks
    BROKEN_MEMBER = "broken-member"  #: a member neither class defines (it fails today already)
    REDIRECT_STAR = "redirect-star"  #: a star import of a redirected module
    REDIRECT_MISSING_METHODS = "redirect-missing-methods"
    REDIRECT_DROPPED = "redirect-dropped"  #: a name the redirect no longer provides
    UNUSED_SKIP = "unused-skip"  #: a ``--skip`` file the plan would not change anyway
    UNTRACKED = "untracked"  #: a file the plan changes that git does not track: ``run`` refuses it

    @property
    def is_blocking(self) -> bool:
        """Whether the finding keeps its file on the legacy name it is about (``Finding.subject``)."""
        return self in _BLOCKING

    @property
    def is_already_broken(self) -> bool:
        """Whether the site fails before the migration too (no rule can fix it)."""
        return self in (FindingCode.BROKEN_CALL, FindingCode.BROKEN_MEMBER)


_BLOCKING = frozenset(
    {
        FindingCode.BLOCKED_CALL,
        FindingCode.BROKEN_CALL,
        FindingCode.MISSING_MEMBER,
        FindingCode.MISSING_METHOD,
        FindingCode.BROKEN_MEMBER,
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the tool noticed at a place in a file: an unsafe spot left alone, a note."""

    path: str  #: repository-relative POSIX path
    line: int  #: 1-based; 0 when the finding is about the whole file
    message: str
    severity: Severity = Severity.WARNING
    code: FindingCode = FindingCode.NOTE
    #: the legacy ``module:Name`` a blocking finding keeps in the file
    subject: Target | None = None
    member: str = ""  #: a member finding: the member the canonical class lacks

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class SkipReason(enum.Enum):
    """Why a file was not rewritten or indexed."""

    SYNTAX_ERROR = "syntax error"
    DECODE_ERROR = "cannot decode"
    TOO_LARGE = "too large"
    NOT_A_FILE = "not a regular file"
    SYMLINK = "symbolic link"  #: never read, followed or rewritten: the link itself is what git tracks
    #: the rewrite failed or did not pass the safety check: a bug in the tool, the file keeps its bytes
    INTERNAL_ERROR = "internal error"
