"""``run --skip`` and ``diff --skip``: a skipped file keeps its bytes, the redirects it needs wait, both say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import RepoFactory, git
from support.redirected_engines_repo import BRANCH, ENGINE_REDIRECT, FILES, RUNNER_REDIRECT

from ssot_refactor.cli import main
from ssot_refactor.model import FindingCode
from ssot_refactor.plan import plan_migration
from ssot_refactor.scan import scan
from ssot_refactor.spec import load_spec


def cli(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [args[0], "--repo", str(repo), *args[1:]])


def branch_log(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s", f"main..{BRANCH}").splitlines()[::-1]


def on_branch(repo: Path, path: str) -> str:
    return git(repo, "show", f"{BRANCH}:{path}")


def changed_on_branch(repo: Path) -> set[str]:
    return set(git(repo, "diff", "--name-only", f"main..{BRANCH}").split())


def planned_paths(data: dict[str, object]) -> set[str]:
    return {file["path"] for commit in data["commits"] for file in commit["files"]}  # type: ignore[attr-defined]


def test_a_skipped_file_keeps_its_bytes_and_the_redirect_it_needs_waits(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    result = cli(repo, "run", "--skip", "api/one.py")
    assert result.exit_code == 0, result.output
    assert on_branch(repo, "api/one.py") == (repo / "api/one.py").read_text()
    assert on_branch(repo, "workers/job.py").startswith("from core.engine import UserEngine\n")
    assert on_branch(repo, "api/both.py").startswith("from core.engine import UserEngine\n")
    assert on_branch(repo, "core/old_engine.py") == "class Engine:\n    pass\n"
    assert ENGINE_REDIRECT not in branch_log(repo)
    assert RUNNER_REDIRECT in branch_log(repo)
    assert "BLOCKED api/one.py: skipped with --skip" in result.output
    assert "    api/one.py: keeps using core.old_engine" in result.output
    assert "to unblock: run again without --skip api/one.py" in result.output
    assert (
        "BLOCKED redirect of core.old_engine: 1 file(s) skipped with --skip keep using the legacy module "
        "as it is: api/one.py"
    ) in result.output
    # the consumer keeps its Engine binding, so the patch of it stays as written
    assert "tests/test_one.py" not in changed_on_branch(repo)


def test_diff_with_skip_shows_the_plan_run_commits(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    shown = cli(repo, "diff", "--quiet", "--format", "json", "--skip", "api/one.py")
    assert shown.exit_code == 1, shown.output
    planned = json.loads(shown.output)
    assert cli(repo, "run", "--skip", "api/one.py").exit_code == 0
    note = json.loads(git(repo, "notes", "--ref", "refs/notes/ssot-refactor", "show", BRANCH))
    assert note["plan"] == {key: value for key, value in planned.items() if key != "remaining"}
    assert planned["blocked"][0] == {
        "what": "api/one.py",
        "reason": "skipped with --skip",
        "unblock": "run again without --skip api/one.py to migrate it "
        "(on the migration branch: ssot-refactor run --resume)",
        "sites": [{"path": "api/one.py", "line": 0, "message": "keeps using core.old_engine", "code": None}],
    }
    assert [(left["path"], left["why"]) for left in planned["remaining"]] == [
        ("api/one.py", "blocked: api/one.py: skipped with --skip")
    ]
    text = cli(repo, "diff", "--quiet", "--skip", "api/one.py")
    assert "BLOCKED api/one.py: skipped with --skip" in text.output
    assert "BLOCKED redirect of core.old_engine" in text.output


def test_a_skipped_file_importing_several_legacy_modules_is_in_no_commit(
    git_repo: RepoFactory, rewritten: list[str]
) -> None:
    """api/both.py is rewritten once for both modules and cut per commit; skipped, it is not even read."""
    repo = git_repo(FILES)
    spec = load_spec(repo)
    result = scan(repo, spec)
    plan_migration(spec, result, workers=1)
    assert rewritten.count("api/both.py") == 1  # the combined rewrite: once for both commits
    rewritten.clear()
    plan = plan_migration(spec, result, workers=1, skip=["api/both.py"])
    assert "api/both.py" not in rewritten
    assert "api/both.py" not in {str(edit.path) for commit in plan.commits for edit in commit.edits}
    assert [commit.title for commit in plan.commits] == [
        "refactor(ssot): point importers of core.old_engine at core.engine",
        "refactor(ssot): point importers of core.old_runner at core.runner",
    ]
    assert [blocked.what for blocked in plan.blocked] == [
        "api/both.py",
        "redirect of core.old_engine",
        "redirect of core.old_runner",
    ]
    assert plan.blocked[0].sites[0].message == "keeps using core.old_engine, core.old_runner"
    done = cli(repo, "run", "--skip", "api/both.py")
    assert done.exit_code == 0, done.output
    assert "api/both.py" not in changed_on_branch(repo)
    assert {"api/one.py", "workers/job.py", "workers/run.py"} <= changed_on_branch(repo)


def test_a_skipped_patch_string_file_is_not_rerun(git_repo: RepoFactory) -> None:
    """tests/test_one.py is only rewritten once api/one.py's rename is known (a rerun): skipped, it is not."""
    data = json.loads(
        cli(git_repo(FILES), "diff", "--quiet", "--format", "json", "--skip", "tests/test_one.py").output
    )
    assert "tests/test_one.py" not in planned_paths(data)
    assert "api/one.py" in planned_paths(data)
    assert data["blocked"][0]["sites"][0]["message"] == "its dotted-path strings stay as written"
    # the exact string that breaks, and what would fix it
    assert data["blocked"][0]["sites"][1] == {
        "path": "tests/test_one.py",
        "line": 3,
        "message": '"api.one.Engine" will name nothing: api.one will bind UserEngine, not Engine '
        '(write "api.one.UserEngine")',
        "code": None,
    }
    # it names no legacy module, so no redirect waits for it
    assert ENGINE_REDIRECT in [commit["title"] for commit in data["commits"]]


def test_each_stale_string_of_a_skipped_file_is_named_at_its_line(git_repo: RepoFactory) -> None:
    files = {
        **FILES,
        "tests/test_one.py": 'from unittest import mock\n\nPATCH = mock.patch("api.one.Engine.start")\n'
        'OTHER = "api.one.ENGINE"  # another name of api.one: it stays valid\n'
        'AGAIN = mock.patch("api.one.Engine")\n',
    }
    data = json.loads(
        cli(git_repo(files), "diff", "--quiet", "--format", "json", "--skip", "tests/test_one.py").output
    )
    sites = data["blocked"][0]["sites"]
    assert [(site["line"], site["message"].split(":")[0]) for site in sites[1:]] == [
        (3, '"api.one.Engine.start" will name nothing'),
        (5, '"api.one.Engine" will name nothing'),
    ]
    assert sites[1]["message"].endswith('(write "api.one.UserEngine.start")')
    text = cli(git_repo(files), "diff", "--skip", "tests/test_one.py").output
    assert 'tests/test_one.py:5: "api.one.Engine" will name nothing' in text


def test_skipping_a_legacy_module_keeps_it_and_its_importers_still_move(git_repo: RepoFactory) -> None:
    data = json.loads(
        cli(git_repo(FILES), "diff", "--quiet", "--format", "json", "--skip", "core/old_engine.py").output
    )
    titles = [commit["title"] for commit in data["commits"]]
    assert ENGINE_REDIRECT not in titles and RUNNER_REDIRECT in titles
    assert "workers/job.py" in planned_paths(data)
    assert (
        data["blocked"][0]["sites"][0]["message"] == "stays the legacy module core.old_engine (no redirect)"
    )


def test_skip_paths_may_be_dot_relative_or_absolute_inside_the_repository(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    plain = cli(repo, "diff", "--quiet", "--format", "json", "--skip", "api/one.py").output
    assert cli(repo, "diff", "--quiet", "--format", "json", "--skip", "./api/one.py").output == plain
    assert (
        cli(repo, "diff", "--quiet", "--format", "json", "--skip", str(repo / "api/one.py")).output == plain
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param(
            "api/missing.py", "api/missing.py: --skip names no file of the repository", id="missing"
        ),
        pytest.param(
            "../elsewhere.py", "../elsewhere.py: --skip names a path outside the repository", id="outside"
        ),
        pytest.param("api", "api: --skip names a folder; it takes one file per --skip", id="folder"),
    ],
)
def test_a_skip_path_that_is_no_file_of_the_repository_is_an_error(
    git_repo: RepoFactory, path: str, message: str
) -> None:
    repo = git_repo(FILES)
    for command in ("diff", "run"):
        result = cli(repo, command, "--skip", path)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"error: {message}")
    assert git(repo, "branch", "--list", BRANCH) == ""
    assert git(repo, "worktree", "list").count("\n") == 1


def test_a_skip_path_the_plan_would_not_change_is_a_warning(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    data = json.loads(cli(repo, "diff", "--quiet", "--format", "json", "--skip", "core/engine.py").output)
    assert data["blocked"] == []
    assert {
        "path": "core/engine.py",
        "line": 0,
        "message": "--skip names a file the plan does not change; nothing to skip",
        "code": FindingCode.UNUSED_SKIP.value,
    } in data["warnings"]
    result = CliRunner().invoke(main, ["run", "--repo", str(repo), "--skip", "core/engine.py"])
    assert result.exit_code == 0, result.output
    assert (
        "warning: core/engine.py: --skip names a file the plan does not change; nothing to skip"
        in result.stderr
    )
    assert ENGINE_REDIRECT in branch_log(repo)


def test_a_skipped_string_naming_a_legacy_path_is_named_too(git_repo: RepoFactory) -> None:
    """It still resolves (the redirect waits for the file), but to what the migrated files left."""
    files = {
        **FILES,
        "tests/test_legacy.py": 'from unittest import mock\n\nP = mock.patch("core.old_engine.Engine")\n',
    }
    data = json.loads(
        cli(git_repo(files), "diff", "--quiet", "--format", "json", "--skip", "tests/test_legacy.py").output
    )
    (entry,) = [blocked for blocked in data["blocked"] if blocked["what"] == "tests/test_legacy.py"]
    assert [site["message"] for site in entry["sites"]] == [
        "keeps using core.old_engine",
        (
            '"core.old_engine.Engine" names legacy core.old_engine.Engine; the files that migrate use '
            'core.engine.UserEngine instead (write "core.engine.UserEngine")'
        ),
    ]
    assert entry["sites"][1]["line"] == 3
    assert ENGINE_REDIRECT not in [commit["title"] for commit in data["commits"]]
