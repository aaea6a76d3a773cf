"""``run --interactive``: each planned commit reviewed before anything is committed, answers from stdin."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import RepoFactory, git
from support.redirected_engines_repo import BRANCH, ENGINE_REDIRECT, FILES

from ssot_refactor.cli import REVIEW_QUIT_EXIT, main
from ssot_refactor.model import Accept, Plan, PlannedCommit, Quit, SkipFile
from ssot_refactor.render.review import QUESTION, PlanReview

ACCEPT_ALL = "a\n" * 10


def run(repo: Path, *args: str, answers: str | None = None) -> Result:
    return CliRunner().invoke(main, ["run", "--repo", str(repo), *args], input=answers)


def migrated(repo: Path) -> tuple[str, str]:
    """The migration branch's tree and its commit messages (commit ids differ between repositories)."""
    tree = git(repo, "rev-parse", f"{BRANCH}^{{tree}}")
    return tree, git(repo, "log", "--format=%B", f"main..{BRANCH}")


def repository_state(repo: Path) -> tuple[str, str, str, str]:
    """Every ref (branches, notes), the worktrees, the status and HEAD."""
    return (
        git(repo, "for-each-ref"),
        git(repo, "worktree", "list", "--porcelain"),
        git(repo, "status", "--porcelain", "--ignored"),
        git(repo, "rev-parse", "HEAD"),
    )


def test_accepting_every_commit_makes_what_a_plain_run_makes(git_repo: RepoFactory) -> None:
    plain, reviewed = git_repo(FILES), git_repo(FILES)
    assert run(plain).exit_code == 0
    result = run(reviewed, "--interactive", answers=ACCEPT_ALL)
    assert result.exit_code == 0, result.output
    assert migrated(reviewed) == migrated(plain)
    assert "commit 1/4: refactor(ssot): point importers of core.old_engine at core.engine" in result.output
    assert "  2. api/one.py (+2 -2)" in result.output
    assert result.output.count(QUESTION) == 4


@pytest.mark.parametrize("also", [(), ("--skip", "workers/run.py")], ids=["alone", "with_skip"])
def test_skipping_a_file_in_the_review_equals_skip_on_the_command_line(
    git_repo: RepoFactory, also: tuple[str, ...]
) -> None:
    plain, reviewed = git_repo(FILES), git_repo(FILES)
    assert run(plain, *also, "--skip", "api/one.py").exit_code == 0
    # commit 1 lists api/both.py, api/one.py, tests/test_one.py, workers/job.py: skip the second
    result = run(reviewed, "--interactive", *also, answers="s\n2\n" + ACCEPT_ALL)
    assert result.exit_code == 0, result.output
    assert migrated(reviewed) == migrated(plain)
    assert "skipping api/one.py: planning again; the review restarts from the first commit" in result.output
    assert "BLOCKED api/one.py: skipped with --skip" in result.output
    assert ENGINE_REDIRECT not in git(reviewed, "log", "--format=%s", f"main..{BRANCH}")


def test_commits_accepted_before_a_skip_and_unchanged_stay_accepted(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    # accept the two core.old_engine commits, then skip workers/run.py from the core.old_runner one
    result = run(repo, "--interactive", answers="a\na\ns\n2\n" + ACCEPT_ALL)
    assert result.exit_code == 0, result.output
    assert result.output.count("accepted before, unchanged") == 2
    assert result.output.count(QUESTION) == 3 + 1  # the changed core.old_runner commit is asked again
    assert git(repo, "show", f"{BRANCH}:workers/run.py") == (repo / "workers/run.py").read_text()


@pytest.mark.parametrize(
    "answers", ["q\n", "a\ns\n1\nq\n", "a\ns\n"], ids=["quit", "quit_after_a_skip", "end_of_input"]
)
def test_quitting_the_review_leaves_the_repository_exactly_as_it_was(
    git_repo: RepoFactory, answers: str
) -> None:
    repo = git_repo(FILES)
    before = repository_state(repo)
    result = run(repo, "--interactive", answers=answers)
    assert result.exit_code == REVIEW_QUIT_EXIT == 1, result.output
    assert "quit: nothing was committed" in result.output
    assert repository_state(repo) == before
    assert not list((repo / ".git").glob("worktrees/*"))


def test_an_answer_outside_the_choices_is_asked_again(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    result = run(repo, "--interactive", answers="x\ns\n9\n2\nq\n")
    assert result.exit_code == REVIEW_QUIT_EXIT, result.output
    assert "Error: 'x' is not one of 'a', 's', 'q'." in result.output
    assert "Error: '9' is not one of '1', '2', '3', '4'." in result.output
    assert result.output.count(QUESTION) == 3  # twice for commit 1, once for it after the skip
    assert "skipping api/one.py" in result.output


def test_the_review_talks_only_through_the_callables_it_is_given() -> None:
    """The library never asks: the CLI hands in click's echo and prompt, a test plain functions."""
    from pathlib import PurePosixPath

    from ssot_refactor.model import FileEdit

    edits = (
        FileEdit(PurePosixPath("a.py"), b"x = 1\n", b"x = 2\n"),
        FileEdit(PurePosixPath("b.py"), b"", b"y\n"),
    )
    plan = Plan(commits=(PlannedCommit("refactor: one", "body", edits),))
    shown: list[str] = []
    for answers, expected in [
        (["a"], Accept()),
        (["s", "2"], SkipFile("b.py")),
        (["q"], Quit()),
        ([None], Quit()),
    ]:
        replies = iter(answers)
        review = PlanReview(shown.append, lambda question, choices, replies=replies: next(replies))
        assert review(plan) == expected
    assert shown[:3] == ["commit 1/1: refactor: one", "  1. a.py (+1 -1)", "  2. b.py (+1 -0)"]
