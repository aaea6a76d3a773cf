"""Model: planned commits and the plan, what ``diff`` shows and ``run`` applies (pure)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ssot_refactor.model.findings import Finding, SkipReason
from ssot_refactor.model.results import FileEdit, Skipped

#: the trailer every commit of a migration ends with: ``SSOT-Migration: <migration name>``
TRAILER = "SSOT-Migration"


class CommitKind(enum.Enum):
    """What a planned commit does."""

    IMPORTERS = "importers"  #: points the importers of one legacy module at the canonical names
    REDIRECT = "redirect"  #: turns one legacy module into a redirect
    VALIDATION_TEST = "validation-test"  #: adds the generated import-validation test alone
    CONSOLIDATED = "consolidated"  #: the whole migration as one commit (``--split-by none``)


@dataclass(frozen=True, slots=True)
class PlannedCommit:
    """One atomic, self-consistent commit of the migration."""

    title: str
    body: str
    edits: tuple[FileEdit, ...]
    kind: CommitKind = CommitKind.IMPORTERS
    module: str = ""  #: the legacy module it is about ("" for a commit about all of them)
    package: str = ""  #: with ``--split-by package``: the top-level package whose importers it moves


@dataclass(frozen=True, slots=True)
class Blocked:
    """Something the tool refused to change, why, and the spec change that would unblock it."""

    what: str
    reason: str
    unblock: str
    sites: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """The whole migration as data: commits in order, and what was blocked or skipped."""

    commits: tuple[PlannedCommit, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[Finding, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to commit."""
        return not any(commit.edits for commit in self.commits)

    @property
    def internal_errors(self) -> tuple[Skipped, ...]:
        """The files skipped because the tool failed on them (they keep their legacy imports)."""
        return tuple(skip for skip in self.skipped if skip.reason is SkipReason.INTERNAL_ERROR)


@dataclass(frozen=True, slots=True)
class Accept:
    """A review's answer (``run --interactive``): commit the plan as shown."""


@dataclass(frozen=True, slots=True)
class SkipFile:
    """A review's answer: plan again with this file skipped too, exactly as ``--skip`` would."""

    path: str  #: repository-relative POSIX path


@dataclass(frozen=True, slots=True)
class Quit:
    """A review's answer: commit nothing; no branch is left behind."""


ReviewAnswer = Accept | SkipFile | Quit


@dataclass(frozen=True, slots=True)
class Remaining:
    """A legacy reference ``check`` still finds once the plan is applied, and why the plan leaves it."""

    reference: Finding
    why: str  #: the blocked entry, warning or skipped file that explains it


@dataclass(frozen=True, slots=True)
class DryRun:
    """What ``diff`` reports: the plan, and the legacy references that outlive it."""

    plan: Plan
    remaining: tuple[Remaining, ...] = ()

    @property
    def is_done(self) -> bool:
        """True when nothing is pending and ``check`` finds nothing: the migration is complete."""
        return self.plan.is_empty and not self.remaining


class LegacyKind(enum.Enum):
    """What a legacy module is today, as the audit classifies it."""

    DUPLICATE = "duplicate"  #: a full implementation of its own
    BRIDGE = "bridge"  #: defines names that forward to the canonical ones
    REDIRECT = "redirect"  #: only imports (a pure redirect already)
    EXTERNAL = "external"  #: not in the repository (stdlib or third party)
