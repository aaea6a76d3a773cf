"""Shared fixtures: real git repositories in temporary folders."""

from __future__ import annotations

import json
import subprocess
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ssot_refactor.cli import main

RepoFactory = Callable[[Mapping[str, str | bytes]], Path]


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its stdout."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write files below ``root``; str contents are dedented, bytes written as they are."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def make_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """A real git repository holding ``files`` in one commit on ``main``, with a repo-local identity."""
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test User")
    git(root, "config", "user.email", "test@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "--all")
    git(root, "commit", "-q", "--no-verify", "-m", "initial")
    return root


@pytest.fixture
def git_repo(tmp_path: Path) -> RepoFactory:
    """Factory: ``git_repo({"path": "content", ...})`` returns a committed repository."""
    counter = iter(range(1000))

    def factory(files: Mapping[str, str | bytes]) -> Path:
        return make_repo(tmp_path / f"repo{next(counter)}", files)

    return factory


def diff_json(repo: Path) -> dict[str, object]:
    """``diff --format json`` of a repository through the real CLI (exit 0, 1 or 5)."""
    result = CliRunner().invoke(main, ["diff", "--repo", str(repo), "--format", "json", "--quiet"])
    assert result.exit_code in (0, 1, 5), result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def edited(data: dict[str, object]) -> dict[str, str]:
    """Each planned file's last diff, by path."""
    found = {}
    for commit in data["commits"]:  # type: ignore[attr-defined]
        for edit in commit["files"]:
            found[edit["path"]] = edit["diff"]
    return found


@pytest.fixture
def rewritten(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths handed to the per-file pipeline, in order, by a plan made in this process."""
    from ssot_refactor.plan import pipeline

    paths: list[str] = []
    real = pipeline.rewrite_file

    def counting(job: tuple[bytes, Any]) -> pipeline.JobOutcome:
        paths.append(job[1].path)
        return real(job)

    monkeypatch.setattr(pipeline, "rewrite_file", counting)
    return paths
