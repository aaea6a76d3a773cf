"""The run note: one writer and one reader, typed, tolerant of notes it did not write."""

from __future__ import annotations

import json

from ssot_refactor.model import CommitKind
from ssot_refactor.note import NOTE_SCHEMA, NoteCommit, NoteVerification, RunNote, SkippedCommit

NOTE = RunNote(
    branch="ssot/engines",
    base="a" * 40,
    base_branch="main",
    trailer="SSOT-Migration",
    commits=(
        NoteCommit(
            "b" * 40,
            "refactor(ssot): point importers of core.old in api at core.new",
            3,
            CommitKind.IMPORTERS,
            "core.old",
            "api",
        ),
        NoteCommit(
            "c" * 40,
            "refactor(ssot): turn core.old into a redirect to core.new",
            1,
            CommitKind.REDIRECT,
            "core.old",
        ),
    ),
    verification=(
        NoteVerification(
            "refactor(ssot): point importers of core.old in api at core.new", "pytest", True, 1.25
        ),
    ),
    skipped_commits=(
        SkippedCommit("refactor(ssot): point importers of core.old in web at core.new", "1 failed"),
    ),
    plan={"schema": "ssot-refactor/plan/1", "pending": True, "commits": []},
)


def test_a_note_reads_back_as_it_was_written() -> None:
    assert RunNote.from_json(NOTE.to_json()) == NOTE


def test_the_note_text_carries_each_commits_kind_module_and_package() -> None:
    data = json.loads(NOTE.to_json())
    assert data["schema"] == NOTE_SCHEMA
    assert [(c["kind"], c["module"], c["package"]) for c in data["commits"]] == [
        ("importers", "core.old", "api"),
        ("redirect", "core.old", ""),
    ]


def test_a_note_written_before_commits_had_kinds_still_reads() -> None:
    old = json.loads(NOTE.to_json())
    for commit in old["commits"]:
        for key in ("kind", "module", "package"):
            del commit[key]
    found = RunNote.from_json(json.dumps(old))
    assert found is not None
    assert [(c.kind, c.module, c.package) for c in found.commits] == [(None, "", ""), (None, "", "")]
    assert found.verification == NOTE.verification


def test_no_text_another_schema_or_broken_text_is_no_note() -> None:
    other = json.loads(NOTE.to_json()) | {"schema": "someone-else/1"}
    assert RunNote.from_json(None) is None
    assert RunNote.from_json("") is None
    assert RunNote.from_json(json.dumps(other)) is None
    assert RunNote.from_json("{not json") is None
    assert RunNote.from_json(json.dumps({"schema": NOTE_SCHEMA})) is None  # no branch or base
    assert RunNote.from_json(json.dumps([1, 2])) is None
