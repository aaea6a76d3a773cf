"""``run`` on real repositories: commits on a branch in a worktree, verification, resume, interruption."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, git
from support.engines_repo import FILES

from ssot_refactor.apply import FAULT_AFTER_WRITES, write_atomic
from ssot_refactor.cli import main
from ssot_refactor.gitrepo import NOTES_REF
from ssot_refactor.scan import detect_source_roots
from ssot_refactor.verify import TreeView, import_problems

BRANCH = "ssot/engines"


def run_cli(repo: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["run", "--repo", str(repo), *args])


def branch_log(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s", f"main..{BRANCH}").splitlines()[::-1]


def test_run_makes_one_commit_per_planned_commit_and_leaves_the_checkout_alone(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, ".gitignore": "ignored.txt\n"})
    (repo / "untracked.txt").write_text("mine")
    (repo / "ignored.txt").write_text("also mine")
    head = git(repo, "rev-parse", "HEAD")
    result = run_cli(repo)
    assert result.exit_code == 0, result.output
    assert branch_log(repo) == [
        "refactor(ssot): point importers of core.old_engine at core.engine",
        "refactor(ssot): point importers of core.old_runner at core.runner",
    ]
    bodies = git(repo, "log", "--format=%B%x00", f"main..{BRANCH}").split("\0")
    assert all(body.strip().endswith("SSOT-Migration: engines") for body in bodies if body.strip())
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(repo, "status", "--porcelain") == "?? untracked.txt\n"
    assert (repo / "ignored.txt").read_text() == "also mine"
    assert (repo / "api/one.py").read_text().startswith("from core.old_engine import Engine")
    assert git(repo, "worktree", "list").count("\n") == 1
    assert "2 commit(s) on ssot/engines" in result.output


def test_each_intermediate_commit_keeps_every_import_resolvable(
    git_repo: RepoFactory, tmp_path: Path
) -> None:
    repo = git_repo(FILES)
    assert run_cli(repo).exit_code == 0
    for sha in git(repo, "rev-list", f"main..{BRANCH}").split():
        tree = tmp_path / sha
        git(repo, "worktree", "add", "--detach", "--quiet", str(tree), sha)
        paths = git(tree, "ls-files").split()
        roots = detect_source_roots(paths)
        from ssot_refactor.scan.records import module_name_for

        modules = {module_name_for(p, roots)[0]: p for p in paths if p.endswith(".py")}
        view = TreeView(tree, {m: p for m, p in modules.items() if m}, roots)
        assert import_problems(view, [p for p in paths if p.endswith(".py")]) == set()
        done = subprocess.run(
            [sys.executable, "-c", "import api.both, api.one, workers.job"],
            cwd=tree,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_plan_and_results_are_stored_in_a_git_note(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    assert run_cli(repo, "--verify", "true").exit_code == 0
    note = json.loads(git(repo, "notes", "--ref", NOTES_REF, "show", BRANCH))
    assert note["schema"] == "ssot-refactor/run/1"
    assert note["base"] == git(repo, "rev-parse", "main").strip()
    assert [c["title"] for c in note["commits"]] == branch_log(repo)
    assert [v["passed"] for v in note["verification"]] == [True, True]
    assert note["plan"]["schema"] == "ssot-refactor/plan/1"


def test_a_migration_larger_than_a_command_line_is_committed_and_noted(git_repo: RepoFactory) -> None:
    """The note holds the whole plan and the commit stages every file: both go through stdin.

    400 importers with long paths make a note of several hundred KB, above the 128 KB a single
    command-line argument may hold (Linux MAX_ARG_STRLEN), which is how the 20,000-module
    benchmark repository failed.
    """
    files = dict(FILES)
    folder = "api/" + "/".join(["deeply_nested_package_name"] * 4)
    for number in range(400):
        files[f"{folder}/consumer_module_with_a_long_name_{number:03}.py"] = (
            "from core.old_engine import Engine\n\n" + "".join(f"E{n} = Engine()\n" for n in range(12))
        )
    repo = git_repo(files)
    assert run_cli(repo).exit_code == 0
    note = git(repo, "notes", "--ref", NOTES_REF, "show", BRANCH)
    assert len(note) > 256 * 1024
    changed = git(repo, "diff", "--name-only", f"main..{BRANCH}").split()
    assert sum(path.startswith(folder) for path in changed) == 400


def test_dirty_tree_is_refused_and_nothing_is_made(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    (repo / "api/one.py").write_text("# edited\n")
    result = run_cli(repo)
    assert result.exit_code == 2
    assert "working tree has uncommitted changes in 1 file(s); commit or stash them first" in result.output
    assert git(repo, "branch", "--list", BRANCH) == ""
    assert (repo / "api/one.py").read_text() == "# edited\n"


def test_an_untracked_file_using_a_legacy_name_is_refused_and_nothing_is_made(git_repo: RepoFactory) -> None:
    """``diff`` previews it with the others; ``run`` commits HEAD's files and would leave it behind."""
    repo = git_repo(FILES)
    (repo / "api/new_feature.py").write_text("import os\nfrom core.old_engine import Engine\n")
    (repo / "notes.py").write_text("x = 1\n")  # untracked too, but using nothing legacy
    previewed = CliRunner().invoke(main, ["diff", "--repo", str(repo), "--format", "json", "--quiet"])
    warnings = json.loads(previewed.output)["warnings"]
    assert [(w["path"], w["code"]) for w in warnings] == [("api/new_feature.py", "untracked")]
    shown = CliRunner().invoke(main, ["diff", "--repo", str(repo), "--quiet"]).output
    assert "Untracked (1): files git does not track" in shown
    assert "spots left unchanged" not in shown  # nothing was left unchanged: the file is rewritten
    result = run_cli(repo)
    assert result.exit_code == 2, result.output
    assert "1 file(s) git does not track use legacy names (api/new_feature.py:2 first)" in result.output
    assert "--skip them" in result.output
    assert git(repo, "branch", "--list", BRANCH) == ""
    assert git(repo, "status", "--porcelain") == "?? api/new_feature.py\n?? notes.py\n"


def test_a_skipped_untracked_file_is_left_as_it_is_and_the_rest_migrates(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    (repo / "api/new_feature.py").write_text("from core.old_engine import Engine\n")
    (repo / "NOTES.txt").write_text("from core.old_engine import Engine\n")  # no file the spec covers
    result = run_cli(repo, "--skip", "api/new_feature.py")
    assert result.exit_code == 0, result.output
    assert len(branch_log(repo)) == 2
    assert (repo / "api/new_feature.py").read_text() == "from core.old_engine import Engine\n"


def test_merge_in_progress_is_refused(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    (Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").write_text("0" * 40 + "\n")
    result = run_cli(repo)
    assert result.exit_code == 2 and "a merge is in progress" in result.output


def test_existing_branch_is_refused_without_resume(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    git(repo, "branch", BRANCH)
    result = run_cli(repo)
    assert result.exit_code == 2 and f"branch {BRANCH} already exists" in result.output


def test_second_run_with_resume_is_a_no_op(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    assert run_cli(repo).exit_code == 0
    tip = git(repo, "rev-parse", BRANCH)
    result = run_cli(repo, "--resume")
    assert result.exit_code == 0, result.output
    assert "already migrated" in result.output
    assert git(repo, "rev-parse", BRANCH) == tip


def test_verify_failure_rolls_back_that_commit_and_exits_3(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "check.sh": "grep -q old_runner api/both.py\n"})
    result = run_cli(repo, "--verify", "sh check.sh")
    assert result.exit_code == 3, result.output
    assert "verification failed after" in result.output and "core.old_runner" in result.output
    assert branch_log(repo) == ["refactor(ssot): point importers of core.old_engine at core.engine"]
    assert git(repo, "status", "--porcelain") == ""
    resumed = run_cli(repo, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert len(branch_log(repo)) == 2


def test_keep_going_skips_the_failing_commit(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "check.sh": "grep -q old_runner api/both.py\n"})
    result = run_cli(repo, "--verify", "sh check.sh", "--keep-going")
    assert result.exit_code == 3
    assert "skipped: refactor(ssot): point importers of core.old_runner" in result.output
    assert len(branch_log(repo)) == 1


def test_first_commit_failing_leaves_no_branch(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    result = run_cli(repo, "--verify", "false")
    assert result.exit_code == 3
    assert git(repo, "branch", "--list", BRANCH) == ""
    assert git(repo, "worktree", "list").count("\n") == 1


def test_stay_ends_on_the_migration_branch(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    assert run_cli(repo, "--stay").exit_code == 0
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == BRANCH
    assert (repo / "api/one.py").read_text().startswith("from core.engine import UserEngine")


def test_nothing_to_do_makes_no_branch(git_repo: RepoFactory) -> None:
    files = {k: v for k, v in FILES.items() if not k.startswith(("api/", "workers/", "tests/"))}
    repo = git_repo(files)
    result = run_cli(repo)
    assert result.exit_code == 0 and "already migrated" in result.output
    assert git(repo, "branch", "--list", BRANCH) == ""


@pytest.mark.parametrize("writes", [1, 3, 5])
def test_a_killed_run_loses_nothing_and_can_resume(git_repo: RepoFactory, writes: int) -> None:
    repo = git_repo(FILES)
    head = git(repo, "rev-parse", "HEAD")
    env = {**os.environ, FAULT_AFTER_WRITES: str(writes)}
    done = subprocess.run(
        [sys.executable, "-m", "ssot_refactor", "run", "--repo", str(repo)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -9
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(repo, "status", "--porcelain") == ""
    committed = len(branch_log(repo)) if git(repo, "branch", "--list", BRANCH) else 0
    assert committed == (0 if writes <= 4 else 1)
    resumed = run_cli(repo, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert len(branch_log(repo)) == 2
    assert git(repo, "worktree", "list").count("\n") == 1


def test_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    script = tmp_path / "tool.py"
    script.write_text("old\n")
    script.chmod(0o755)
    write_atomic(script, b"new\r\n")
    assert script.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["tool.py"]


def test_verify_related_runs_pytest_on_the_related_tests(git_repo: RepoFactory) -> None:
    files = {
        **FILES,
        "tests/test_job.py": "from workers.job import run\n\n\ndef test_run():\n    assert run(None) is None\n",
    }
    repo = git_repo(files)
    result = run_cli(repo, "--verify-related")
    assert result.exit_code == 0, result.output
    note = json.loads(git(repo, "notes", "--ref", NOTES_REF, "show", BRANCH))
    (first, second) = note["verification"]
    assert first["passed"] and second["passed"]
    assert "pytest" in first["command"] and "tests/test_one.py" in first["command"]
