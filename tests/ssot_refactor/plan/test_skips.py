"""Skipped files: named by ``diff`` and ``run``; a file the tool fails on is skipped, the rest migrates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import RepoFactory, git
from support.engines_repo import FILES, sabotage

from ssot_refactor.cli import INCOMPLETE_EXIT, main
from ssot_refactor.model import FileContext, Plan, Skipped, SkipReason
from ssot_refactor.plan import pipeline as plan_pipeline
from ssot_refactor.render import internal_error_notice
from ssot_refactor.workflow import plan_repository

BRANCH = "ssot/engines"
BROKEN = "from core.old_engine import Engine\n\ndef (:\n"
#: what ``diff`` and ``run`` say about workers/job.py when ``sabotage`` breaks its rewrite
JOB_SKIPPED = (
    "workers/job.py:5: internal error (safety check failed, the rewrite changed more than the declared renames: "
    "line 5: `pass` differs in the output (line 5: `return None`); this is a bug in ssot-refactor; please report "
    "it with the file); file left unchanged"
)
NOTICE = (
    "1 file(s) skipped for an internal error and left as they were: workers/job.py "
    "(a bug in ssot-refactor; please report it with the file)"
)
REDIRECT_SPEC = FILES["ssot.toml"].replace(
    'module = "core.old_engine"\n', 'module = "core.old_engine"\nredirect = true\n'
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def flat(text: str) -> str:
    """The text with its whitespace collapsed: rich wraps long lines at the console width."""
    return " ".join(text.split())


def note_of(repo: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(git(repo, "notes", "--ref", "refs/notes/ssot-refactor", "show", BRANCH))  # type: ignore[no-any-return]


def test_run_names_every_skipped_file_with_its_reason(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "api/broken.py": BROKEN})
    result = invoke("run", "--repo", str(repo))
    assert result.exit_code == 0, result.output
    assert (
        "Skipped files (1):\n  api/broken.py:3: syntax error (invalid syntax); file left unchanged\n"
        in result.output
    )
    assert [s["path"] for s in note_of(repo)["plan"]["skipped"]] == ["api/broken.py"]


def test_run_names_skipped_files_even_when_nothing_is_left_to_do(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "api/broken.py": BROKEN})
    assert invoke("run", "--repo", str(repo)).exit_code == 0
    again = invoke("run", "--repo", str(repo), "--resume")
    assert again.exit_code == 0, again.output
    assert "  api/broken.py:3: syntax error (invalid syntax); file left unchanged\n" in again.output
    assert "already migrated: nothing to change" in again.output


def test_a_file_failing_the_safety_check_is_skipped_and_the_rest_is_pending(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, "workers/job.py")
    repo = git_repo(FILES)
    text = invoke("diff", "--repo", str(repo))
    assert text.exit_code == 1, text.output  # the rest is pending
    assert flat(f"Skipped files (1): {JOB_SKIPPED} {NOTICE}") in flat(text.output)
    assert "+++ b/api/one.py" in text.output and "+++ b/workers/job.py" not in text.output
    data = json.loads(invoke("diff", "--repo", str(repo), "--format", "json").output)
    assert data["pending"] is True
    assert data["skipped"] == [
        {
            "path": "workers/job.py",
            "line": 5,
            "reason": "internal error",
            "detail": JOB_SKIPPED.split(" (", 1)[1].rsplit("); file left unchanged", 1)[0],
        }
    ]


def test_run_commits_the_rest_keeps_the_skipped_file_and_exits_5(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, "workers/job.py")
    repo = git_repo(FILES)
    result = invoke("run", "--repo", str(repo))
    assert result.exit_code == INCOMPLETE_EXIT, result.output
    assert f"  {JOB_SKIPPED}\n" in result.stdout
    assert result.stderr.endswith(f"warning: {NOTICE}\n")
    assert "2 commit(s) on ssot/engines" in result.stdout
    assert git(repo, "show", f"{BRANCH}:workers/job.py") == FILES["workers/job.py"]
    assert git(repo, "show", f"{BRANCH}:api/one.py").startswith("from core.engine import UserEngine")
    assert note_of(repo)["plan"]["skipped"][0]["reason"] == "internal error"
    body = invoke("pr", "--repo", str(repo)).stdout
    assert f"- skipped `{JOB_SKIPPED}`" in body


def test_the_redirect_waits_for_a_file_skipped_for_an_internal_error(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, "workers/job.py")
    plan = plan_repository(git_repo({**FILES, "ssot.toml": REDIRECT_SPEC}))
    assert not any("into a redirect" in commit.title for commit in plan.commits)
    (held,) = plan.blocked
    assert (held.what, held.reason) == (
        "redirect of core.old_engine",
        "1 file(s) skipped for an internal error keep using the legacy module: workers/job.py",
    )
    assert (
        held.unblock
        == "migrate them by hand (and report the bug); the redirect commit is planned once none is skipped"
    )


def test_without_a_skip_the_redirect_is_planned(git_repo: RepoFactory) -> None:
    plan = plan_repository(git_repo({**FILES, "ssot.toml": REDIRECT_SPEC}))
    assert "refactor(ssot): turn core.old_engine into a redirect to core.engine" in [
        c.title for c in plan.commits
    ]
    assert plan.blocked == () and plan.internal_errors == ()


def test_a_failed_codemod_skips_that_file(git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    real = plan_pipeline.rewrite_file

    def failing(job: tuple[bytes, FileContext]) -> plan_pipeline.JobOutcome:
        outcome = real(job)
        if job[1].path == "api/both.py":
            return plan_pipeline.JobOutcome(
                plan_pipeline.Failed("api/both.py", "ValueError: boom"), job[0], job[1]
            )
        return outcome

    monkeypatch.setattr(plan_pipeline, "rewrite_file", failing)
    plan = plan_repository(git_repo(FILES))
    assert plan.internal_errors == (
        Skipped(
            "api/both.py",
            SkipReason.INTERNAL_ERROR,
            "the rewrite failed: ValueError: boom; this is a bug in ssot-refactor; please report it with the file",
        ),
    )
    assert "api/both.py" not in {str(edit.path) for commit in plan.commits for edit in commit.edits}
    assert [c.title for c in plan.commits] == [
        "refactor(ssot): point importers of core.old_engine at core.engine"
    ]


def test_a_skipped_consumer_keeps_the_patch_strings_that_name_it(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, "api/one.py", b"# keep this comment\n", b"# keep this comment\nEXTRA = 1\n")
    plan = plan_repository(git_repo(FILES))
    assert [skip.path for skip in plan.internal_errors] == ["api/one.py"]
    edited = {str(edit.path) for commit in plan.commits for edit in commit.edits}
    assert "tests/test_one.py" not in edited  # "api.one.Engine" still names what api/one.py binds
    assert {"api/both.py", "workers/job.py"} <= edited


def test_a_consumer_skipped_only_when_its_strings_are_rewritten_takes_its_rename_back(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = plan_pipeline.rewrite_file
    renamed = ("api.one.Engine", "api.one.UserEngine")

    def fails_on_rerun(job: tuple[bytes, FileContext]) -> plan_pipeline.JobOutcome:
        outcome = real(job)
        if job[1].path == "api/one.py" and renamed in job[1].path_renames:
            return plan_pipeline.JobOutcome(plan_pipeline.Failed("api/one.py", "boom"), job[0], job[1])
        return outcome

    monkeypatch.setattr(plan_pipeline, "rewrite_file", fails_on_rerun)
    one = FILES["api/one.py"] + 'TARGET = "api.one.Engine"\n'
    plan = plan_repository(git_repo({**FILES, "api/one.py": one}))
    assert [(skip.path, skip.detail.split(";")[0]) for skip in plan.internal_errors] == [
        ("api/one.py", "the rewrite failed: boom")
    ]
    edited = {str(edit.path) for commit in plan.commits for edit in commit.edits}
    assert "tests/test_one.py" not in edited and "api/one.py" not in edited


def test_only_skipped_files_left_run_commits_nothing_and_exits_5(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = FILES["ssot.toml"].split('\n[[legacy]]\nmodule = "core.old_runner"')[0]
    files = {"ssot.toml": spec, **{k: v for k, v in FILES.items() if k.startswith(("core/", "workers/"))}}
    sabotage(monkeypatch, "workers/job.py")
    repo = git_repo(files)
    diff = invoke("diff", "--repo", str(repo))
    assert diff.exit_code == 5, diff.output
    assert diff.output.startswith("Nothing to commit: the files left to migrate were skipped (see below).\n")
    result = invoke("run", "--repo", str(repo))
    assert result.exit_code == 5, result.output
    assert "nothing to commit: the files left to migrate were skipped (see above)\n" in result.stdout
    assert result.stderr == f"warning: {NOTICE}\n"
    assert git(repo, "branch", "--list", BRANCH) == ""


def test_the_notice_is_only_for_internal_errors() -> None:
    assert internal_error_notice(Plan(skipped=(Skipped("a.py", SkipReason.SYNTAX_ERROR, "bad", 1),))) is None
    two = Plan(
        skipped=(Skipped("a.py", SkipReason.INTERNAL_ERROR), Skipped("b.py", SkipReason.INTERNAL_ERROR))
    )
    assert internal_error_notice(two) == (
        "2 file(s) skipped for an internal error and left as they were: a.py, b.py "
        "(a bug in ssot-refactor; please report it with the file)"
    )
