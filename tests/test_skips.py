"""Skipped files: named with their reason by ``diff`` and ``run``, kept in the note."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import RepoFactory, git
from test_plan import FILES

from ssot_refactor.cli import main

BRANCH = "ssot/engines"
BROKEN = "from core.old_engine import Engine\n\ndef (:\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def note_of(repo: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(git(repo, "notes", "--ref", "refs/notes/ssot-refactor", "show", BRANCH))  # type: ignore[no-any-return]


def test_run_names_every_skipped_file_with_its_reason(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "api/broken.py": BROKEN})
    result = invoke("run", "--repo", str(repo))
    assert result.exit_code == 0, result.output
    assert "Skipped files (1):\n  api/broken.py:3: syntax error (invalid syntax); file left unchanged\n" in result.output
    assert [s["path"] for s in note_of(repo)["plan"]["skipped"]] == ["api/broken.py"]


def test_run_names_skipped_files_even_when_nothing_is_left_to_do(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "api/broken.py": BROKEN})
    assert invoke("run", "--repo", str(repo)).exit_code == 0
    again = invoke("run", "--repo", str(repo), "--resume")
    assert again.exit_code == 0, again.output
    assert "  api/broken.py:3: syntax error (invalid syntax); file left unchanged\n" in again.output
    assert "already migrated: nothing to change" in again.output
