"""The run note: what ``run`` stored with the migration branch, for ``pr`` in a later shell (pure).

One type, one writer (``RunNote.to_json``) and one reader (``RunNote.from_json``). The note
rides on the branch's last commit as a git note; the git side is ``gitrepo.write_note`` and
``gitrepo.read_note``. A note of another schema, or one that does not read, is no note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ssot_refactor.model import CommitKind

NOTE_SCHEMA = "ssot-refactor/run/1"


@dataclass(frozen=True, slots=True)
class NoteCommit:
    """One commit ``run`` made, with what it is about."""

    sha: str
    title: str
    files: int
    kind: CommitKind | None = None  #: None in a note written before commits carried their kind
    module: str = ""  #: the legacy module it is about
    package: str = ""  #: with ``--split-by package``: the top-level package whose importers it moves


@dataclass(frozen=True, slots=True)
class NoteVerification:
    """The user's verification command after one commit."""

    title: str
    command: str
    passed: bool
    seconds: float


@dataclass(frozen=True, slots=True)
class SkippedCommit:
    """A commit left out by ``--keep-going`` because its verification failed."""

    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class RunNote:
    """What one ``run`` did: its branch and base, its commits, their verification, and its plan."""

    branch: str
    base: str
    base_branch: str | None
    trailer: str
    commits: tuple[NoteCommit, ...] = ()
    verification: tuple[NoteVerification, ...] = ()
    skipped_commits: tuple[SkippedCommit, ...] = ()
    #: the plan as ``diff --format json`` shows it (its own schema, ``render.PLAN_SCHEMA``)
    plan: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """The note's text."""
        return json.dumps(
            {
                "schema": NOTE_SCHEMA,
                "branch": self.branch,
                "base": self.base,
                "base_branch": self.base_branch,
                "trailer": self.trailer,
                "commits": [
                    {
                        "sha": c.sha,
                        "title": c.title,
                        "files": c.files,
                        "kind": c.kind.value if c.kind else None,
                        "module": c.module,
                        "package": c.package,
                    }
                    for c in self.commits
                ],
                "verification": [
                    {
                        "title": v.title,
                        "command": v.command,
                        "passed": v.passed,
                        "seconds": round(v.seconds, 3),
                    }
                    for v in self.verification
                ],
                "skipped_commits": [{"title": s.title, "reason": s.reason} for s in self.skipped_commits],
                "plan": dict(self.plan),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str | None) -> RunNote | None:
        """The note in ``text``; None for no text, another schema, or text that does not read."""
        try:
            data = json.loads(text) if text else None
            if not isinstance(data, dict) or data.get("schema") != NOTE_SCHEMA:
                return None
            return cls(
                branch=str(data["branch"]),
                base=str(data["base"]),
                base_branch=None if data.get("base_branch") is None else str(data["base_branch"]),
                trailer=str(data.get("trailer", "")),
                commits=tuple(_commit(c) for c in data.get("commits", [])),
                verification=tuple(
                    NoteVerification(
                        str(v["title"]), str(v["command"]), bool(v["passed"]), float(v["seconds"])
                    )
                    for v in data.get("verification", [])
                ),
                skipped_commits=tuple(
                    SkippedCommit(str(s["title"]), str(s["reason"])) for s in data.get("skipped_commits", [])
                ),
                plan=data.get("plan") or {},
            )
        except (ValueError, KeyError, TypeError):
            return None


def _commit(data: Mapping[str, Any]) -> NoteCommit:
    kind = data.get("kind")
    return NoteCommit(
        sha=str(data["sha"]),
        title=str(data["title"]),
        files=int(data["files"]),
        kind=CommitKind(kind) if kind else None,
        module=str(data.get("module", "")),
        package=str(data.get("package", "")),
    )
