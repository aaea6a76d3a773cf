"""Planning and the dry-run diff on real repositories: commits, order, splits, safety, no writes."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, git
from support.engines_repo import FILES, SPEC, sabotage

from ssot_refactor.cli import main
from ssot_refactor.model import CommitKind, SkipReason
from ssot_refactor.plan import TRAILER, plan_migration
from ssot_refactor.plan import jobs as plan_jobs
from ssot_refactor.render import skipped_line
from ssot_refactor.workflow import plan_repository


def test_one_commit_per_legacy_module_in_spec_order(git_repo: RepoFactory) -> None:
    plan = plan_repository(git_repo(FILES))
    assert [c.title for c in plan.commits] == [
        "refactor(ssot): point importers of core.old_engine at core.engine",
        "refactor(ssot): point importers of core.old_runner at core.runner",
    ]
    assert [str(e.path) for e in plan.commits[0].edits] == [
        "api/both.py",
        "api/one.py",
        "tests/test_one.py",
        "workers/job.py",
    ]
    assert [str(e.path) for e in plan.commits[1].edits] == ["api/both.py"]
    assert all(c.body.endswith(f"\n\n{TRAILER}: engines") for c in plan.commits)
    assert "- core.old_engine:Engine -> core.engine:UserEngine" in plan.commits[0].body


def test_a_file_importing_two_legacy_modules_is_edited_in_each_commit_in_turn(git_repo: RepoFactory) -> None:
    plan = plan_repository(git_repo(FILES))
    first = next(e for e in plan.commits[0].edits if str(e.path) == "api/both.py")
    second = plan.commits[1].edits[0]
    assert second.before == first.after
    assert b"from core.old_runner import Runner" in first.after
    assert second.after == (
        b"from core.engine import UserEngine\nfrom core.runner import UserRunner\n\n\n"
        b"def make():\n    return UserEngine(), UserRunner()\n"
    )


def test_patch_targets_follow_the_consumer_rename(git_repo: RepoFactory) -> None:
    plan = plan_repository(git_repo(FILES))
    (patch,) = [e for e in plan.commits[0].edits if str(e.path) == "tests/test_one.py"]
    assert patch.after == b'from unittest import mock\n\nPATCH = mock.patch("api.one.UserEngine")\n'
    (one,) = [e for e in plan.commits[0].edits if str(e.path) == "api/one.py"]
    assert one.after == b"from core.engine import UserEngine  # keep this comment\n\nENGINE = UserEngine()\n"


@pytest.mark.parametrize(
    ("split", "titles"),
    [
        (
            "package",
            [
                "refactor(ssot): point importers of core.old_engine in api at core.engine",
                "refactor(ssot): point importers of core.old_engine in tests at core.engine",
                "refactor(ssot): point importers of core.old_engine in workers at core.engine",
                "refactor(ssot): point importers of core.old_runner in api at core.runner",
            ],
        ),
        ("none", None),
    ],
)
def test_split_by_package_and_none(git_repo: RepoFactory, split: str, titles: list[str] | None) -> None:
    plan = plan_repository(git_repo(FILES), split_by=split)
    if titles is not None:
        assert [c.title for c in plan.commits] == titles
    else:
        assert len(plan.commits) == 1
        assert len(plan.commits[0].edits) == 4


def test_commits_carry_their_kind_legacy_module_and_package_as_data(git_repo: RepoFactory) -> None:
    spec = SPEC.replace('module = "core.old_engine"', 'module = "core.old_engine"\nredirect = true')
    spec = spec.replace('name = "engines"', 'name = "engines"\ntests = "tests/test_ssot_engines.py"')
    plan = plan_repository(git_repo({**FILES, "ssot.toml": spec}), split_by="package")
    assert [(c.kind, c.module, c.package) for c in plan.commits] == [
        (CommitKind.IMPORTERS, "core.old_engine", "api"),
        (CommitKind.IMPORTERS, "core.old_engine", "tests"),
        (CommitKind.IMPORTERS, "core.old_engine", "workers"),
        (CommitKind.REDIRECT, "core.old_engine", ""),
        (CommitKind.IMPORTERS, "core.old_runner", "api"),
    ]
    # the generated validation test joins the last redirect commit, found by its kind
    assert "tests/test_ssot_engines.py" in [str(e.path) for e in plan.commits[3].edits]
    single = plan_repository(git_repo({**FILES, "ssot.toml": spec}), split_by="none")
    assert [(c.kind, c.module) for c in single.commits] == [(CommitKind.CONSOLIDATED, "")]


def test_reexporters_keep_their_public_name_and_their_importers_move(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **FILES,
            "api/__init__.py": "from core.old_engine import Engine\n\n__all__ = ['Engine']\n",
            "workers/facade_user.py": "from api import Engine\n\nEngine()\n",
        }
    )
    edits = {str(e.path): e for e in plan_repository(repo).commits[0].edits}
    assert (
        edits["api/__init__.py"].after
        == b"from core.engine import UserEngine as Engine\n\n__all__ = ['Engine']\n"
    )
    assert edits["workers/facade_user.py"].after == b"from core.engine import UserEngine\n\nUserEngine()\n"


def test_an_undeclared_change_skips_that_file_and_the_rest_is_planned(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage(monkeypatch, "workers/job.py")
    plan = plan_repository(git_repo(FILES))
    assert [str(e.path) for e in plan.commits[0].edits] == ["api/both.py", "api/one.py", "tests/test_one.py"]
    (skip,) = plan.skipped
    assert (skip.path, skip.line, skip.reason) == ("workers/job.py", 5, SkipReason.INTERNAL_ERROR)
    assert skipped_line(skip) == (
        "workers/job.py:5: internal error (safety check failed, the rewrite changed more than the declared "
        "renames: line 5: `pass` differs in the output (line 5: `return None`); this is a bug in ssot-refactor; "
        "please report it with the file); file left unchanged"
    )


def test_parallel_planning_gives_the_same_plan(git_repo: RepoFactory) -> None:
    files = dict(FILES)
    for number in range(40):
        files[f"api/user{number}.py"] = f"from core.old_engine import Engine\n\nVALUE_{number} = Engine()\n"
    repo = git_repo(files)
    from ssot_refactor.scan import scan
    from ssot_refactor.spec import load_spec

    spec = load_spec(repo)
    result = scan(repo, spec)
    parallel = plan_migration(spec, result, workers=2)
    serial = plan_migration(spec, result, workers=1)
    assert parallel == serial
    assert len(parallel.commits[0].edits) == 44


def test_diff_exits_1_when_changes_are_pending_and_writes_nothing(git_repo: RepoFactory) -> None:
    repo = git_repo(FILES)
    stamps = {p: p.stat().st_mtime_ns for p in repo.rglob("*.py")}
    result = CliRunner().invoke(main, ["diff", "--repo", str(repo)])
    assert result.exit_code == 1, result.output
    assert "commit 1/2: refactor(ssot): point importers of core.old_engine at core.engine" in result.output
    assert "-from core.old_engine import Engine  # keep this comment" in result.output
    assert "+from core.engine import UserEngine  # keep this comment" in result.output
    assert "Planned commits" in result.output
    assert git(repo, "status", "--porcelain") == ""
    assert {p: p.stat().st_mtime_ns for p in repo.rglob("*.py")} == stamps
    assert not list(repo.rglob("__pycache__"))


def test_diff_json_schema(git_repo: RepoFactory) -> None:
    result = CliRunner().invoke(main, ["diff", "--repo", str(git_repo(FILES)), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema"] == "ssot-refactor/plan/1" and data["pending"] is True
    assert set(data) == {"schema", "pending", "commits", "blocked", "skipped", "warnings", "remaining"}
    first = data["commits"][0]["files"][1]
    assert (first["path"], first["added"], first["removed"]) == ("api/one.py", 2, 2)
    assert first["diff"].startswith("--- a/api/one.py\n+++ b/api/one.py\n")


def test_diff_stat_lists_files(git_repo: RepoFactory) -> None:
    result = CliRunner().invoke(main, ["diff", "--repo", str(git_repo(FILES)), "--stat"])
    assert result.exit_code == 1
    assert "workers/job.py" in result.output and "@@" not in result.output


def test_nothing_to_do_exits_0(git_repo: RepoFactory) -> None:
    files = {k: v for k, v in FILES.items() if not k.startswith(("api/", "workers/", "tests/"))}
    result = CliRunner().invoke(main, ["diff", "--repo", str(git_repo(files))])
    assert result.exit_code == 0, result.output
    assert "already migrated" in result.output


def test_unparsable_files_are_skipped_and_reported(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "api/broken.py": "from core.old_engine import Engine\ndef (:\n"})
    plan = plan_repository(repo)
    assert [(s.path, s.line) for s in plan.skipped] == [("api/broken.py", 2)]
    result = CliRunner().invoke(main, ["diff", "--repo", str(repo)])
    assert "api/broken.py:2: syntax error" in result.output


def test_crlf_and_latin1_files_keep_their_bytes(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **FILES,
            "api/crlf.py": b"from core.old_engine import Engine\r\n\r\nX = Engine()\r\n",
            "api/latin.py": "# -*- coding: latin-1 -*-\nfrom core.old_engine import Engine\nNAME = 'caf\xe9'\n".encode(
                "latin-1"
            ),
        }
    )
    edits = {str(e.path): e for e in plan_repository(repo).commits[0].edits}
    assert edits["api/crlf.py"].after == b"from core.engine import UserEngine\r\n\r\nX = UserEngine()\r\n"
    assert edits[
        "api/latin.py"
    ].after == "# -*- coding: latin-1 -*-\nfrom core.engine import UserEngine\nNAME = 'caf\xe9'\n".encode(
        "latin-1"
    )
    assert os.environ.get("SSOT_UPDATE_SNAPSHOTS") != "1"


def test_libcst_parses_only_the_files_that_change(git_repo: RepoFactory, rewritten: list[str]) -> None:
    """Counts the files handed to the LibCST pipeline: exactly the files that change."""
    files = dict(FILES)
    files["core/old_engine.py"] = "class Engine:\n    pass\n\n\nclass EngineError(Exception):\n    pass\n"
    for number in range(30):
        files[f"api/only_unmapped{number}.py"] = (
            "from core.old_engine import EngineError\n\nERROR = EngineError\n"
        )
        files[f"api/unrelated{number}.py"] = "import os\n\nPATH = os.sep\n"
    repo = git_repo(files)
    parsed = rewritten
    from ssot_refactor.scan import scan
    from ssot_refactor.spec import load_spec

    spec = load_spec(repo)
    plan = plan_migration(spec, scan(repo, spec), workers=1)
    changed = sorted({str(edit.path) for commit in plan.commits for edit in commit.edits})
    assert sorted(set(parsed)) == changed
    # once each (api/both.py too, though two commits edit it), plus tests/test_one.py again once
    # the consumer rename is known
    assert sorted(parsed) == sorted([*changed, "tests/test_one.py"])
    assert sum(len(commit.edits) for commit in plan.commits) == len(changed) + 1


def test_classes_inheriting_the_same_external_constructor_are_not_blocked(git_repo: RepoFactory) -> None:
    """``class Registry(dict)`` -> ``class UserRegistry(dict)``: unknown but identical constructors."""
    spec = (
        SPEC
        + '\n[[legacy]]\nmodule = "core.old_registry"\n[legacy.names]\nRegistry = "core.registry:UserRegistry"\n'
    )
    repo = git_repo(
        {
            **FILES,
            "ssot.toml": spec,
            "core/old_registry.py": "class Registry(dict):\n    pass\n",
            "core/registry.py": "class UserRegistry(dict):\n    pass\n",
            "api/reg.py": "from core.old_registry import Registry\n\nREGISTRY = Registry(a=1)\n",
        }
    )
    plan = plan_repository(repo)
    assert plan.blocked == ()
    (edit,) = [e for c in plan.commits for e in c.edits if str(e.path) == "api/reg.py"]
    assert edit.after == b"from core.registry import UserRegistry\n\nREGISTRY = UserRegistry(a=1)\n"


def test_a_class_decorator_may_generate_a_constructor_so_it_is_not_assumed(git_repo: RepoFactory) -> None:
    from ssot_refactor.scan import scan
    from ssot_refactor.scan.signatures import same_inherited_constructor
    from ssot_refactor.spec import load_spec

    spec = SPEC.replace(
        'Engine = "core.engine:UserEngine"',
        'Engine = "core.engine:UserEngine"\nModel = "core.engine:UserModel"',
    )
    repo = git_repo(
        {
            **FILES,
            "ssot.toml": spec,
            "core/old_engine.py": "import attr\n\n\nclass Engine:\n    pass\n\n\n@attr.s\nclass Model(dict):\n    pass\n",
            "core/engine.py": "class UserEngine:\n    pass\n\n\nclass UserModel(dict):\n    pass\n",
        }
    )
    result = scan(repo, load_spec(repo))
    from ssot_refactor.model import Target

    assert same_inherited_constructor(
        result, Target("core.old_engine", "Engine"), Target("core.engine", "UserEngine")
    )
    assert not same_inherited_constructor(
        result, Target("core.old_engine", "Model"), Target("core.engine", "UserModel")
    )


def worker_pid(job: tuple[bytes]) -> int:
    return os.getpid()


def test_two_large_files_are_rewritten_side_by_side_in_the_pool() -> None:
    """A few large files (a hub module and its neighbours) go to the pool, not one after the other."""
    pool = plan_jobs.LazyPool(2)
    assert not plan_jobs.worth_a_pool(pool, [80_000])
    assert not plan_jobs.worth_a_pool(pool, [200, 300])  # the pool would cost more than it saves
    assert plan_jobs.worth_a_pool(pool, [80_000, 70_000])
    assert plan_jobs.worth_a_pool(pool, [10] * plan_jobs.PARALLEL_THRESHOLD)
    assert not plan_jobs.worth_a_pool(plan_jobs.LazyPool(1), [80_000, 70_000])
    pids = plan_jobs.run_jobs([(b"x" * 80_000,), (b"y" * 70_000,)], workers=2, function=worker_pid)
    assert os.getpid() not in pids
