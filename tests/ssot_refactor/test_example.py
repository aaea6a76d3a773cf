"""The bundled example repository: the audit reports its statuses and exact importer counts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_repo

from ssot_refactor.audit import AuditReport
from ssot_refactor.demo import example_source
from ssot_refactor.model import LegacyKind
from ssot_refactor.workflow import audit_repository

ENGINE = "app.agents.supervisor.execution_engine"
BRIDGE = "app.agents.supervisor.consolidated_execution_engine"
REDIRECT = "app.agents.request_scoped_execution_engine"


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("example") / "repo"
    shutil.copytree(example_source(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return make_repo(target, {})


@pytest.fixture(scope="module")
def report(example_repo: Path) -> AuditReport:
    return audit_repository(example_repo)


def sites(report: AuditReport, module: str, name: str) -> list[tuple[str, str, int]]:
    (module_report,) = [m for m in report.modules if m.module == module]
    (name_report,) = [n for n in module_report.names if n.name == name]
    return [(i.path, i.form, i.references) for i in name_report.importers]


def test_every_legacy_module_gets_the_right_status(report: AuditReport) -> None:
    assert {m.module: m.kind for m in report.modules} == {
        ENGINE: LegacyKind.DUPLICATE,
        BRIDGE: LegacyKind.BRIDGE,
        REDIRECT: LegacyKind.REDIRECT,
    }


def test_execution_engine_importers_and_references_are_exact(report: AuditReport) -> None:
    assert sites(report, ENGINE, "ExecutionEngine") == [
        ("app/agents/__init__.py", "import", 0),
        ("app/agents/supervisor/__init__.py", "import", 0),
        ("app/agents/supervisor/pipeline.py", "import", 1),
        ("app/monitoring/engine_monitor.py", "import", 2),  # two string annotations
        ("app/routes/health.py", "import", 2),
        ("app/services/analysis_service.py", "import", 1),
        ("app/services/audited_engine.py", "import", 1),
        ("app/services/chat_service.py", "import", 2),
        ("app/services/engine_inspector.py", "import", 3),
        ("app/services/report_service.py", "alias", 2),
        ("app/workers/batch_worker.py", "module", 1),
        ("app/workers/engine_pool.py", "import", 1),  # the shadowing parameter does not count
        ("app/workers/scheduler.py", "module", 1),
        ("app/workers/task_worker.py", "import", 1),
        ("tests/test_engine.py", "import", 7),
        ("tests/test_workers.py", "import", 1),
        ("tests/test_workers.py", "string", 1),
        ("tests/test_workers.py", "string", 1),
    ]


def test_other_names_of_the_duplicate_module(report: AuditReport) -> None:
    engine = report.modules[0]
    assert sites(report, ENGINE, "create_request_scoped_engine") == [
        ("app/routes/agent_routes.py", "import", 1)
    ]
    assert sites(report, ENGINE, "EngineError") == [
        ("app/services/analysis_service.py", "import", 1),
        ("app/workers/batch_worker.py", "module", 1),
    ]
    assert sites(report, ENGINE, "UserExecutionContext") == [
        ("app/services/analysis_service.py", "import", 1)
    ]
    assert [str(origin) for _, origin in engine.reexports] == [
        "app.agents.context:UserExecutionContext",
        "app.agents.errors:EngineError",
    ]
    assert len(engine.files) == 17


def test_bridge_and_redirect_importers(report: AuditReport) -> None:
    assert sites(report, BRIDGE, "ConsolidatedExecutionEngine") == [
        ("app/agents/tools/tool_dispatcher.py", "import", 1),
        ("app/services/engine_inspector.py", "import", 3),
    ]
    # private members count too: _record is called on the class's instances inside the bridge
    assert report.modules[1].missing_in_canonical == (
        ("ConsolidatedExecutionEngine", ("_record", "get_execution_stats")),
    )
    assert sites(report, REDIRECT, "RequestScopedExecutionEngine") == [
        ("app/routes/agent_routes.py", "import", 2)
    ]


def test_the_member_the_canonical_engine_lacks_keeps_its_file_on_the_bridge(example_repo: Path) -> None:
    """engine_inspector's singledispatch overload for the bridge calls get_execution_stats, which
    UserExecutionEngine lacks: renaming it would dispatch UserExecutionEngine there and fail."""
    from ssot_refactor.workflow import plan_repository

    plan = plan_repository(example_repo)
    members = [b for b in plan.blocked if b.what.startswith("uses of ")]
    assert [b.what for b in members] == [
        f"uses of {BRIDGE}:ConsolidatedExecutionEngine.get_execution_stats in 1 file(s)"
    ]
    assert [(s.path, s.line, s.code) for s in members[0].sites] == [
        ("app/services/engine_inspector.py", 51, "missing-member")
    ]
    touched = {str(edit.path) for commit in plan.commits for edit in commit.edits}
    assert "app/services/engine_inspector.py" in touched  # its other legacy names still move
    assert not any(f"turn {BRIDGE} into a redirect" in commit.title for commit in plan.commits)


def test_related_tests_include_consumer_patch_targets(report: AuditReport) -> None:
    assert report.related_tests == (
        "tests/test_engine.py",
        "tests/test_routes.py",
        "tests/test_services.py",
        "tests/test_user_execution_engine.py",
        "tests/test_workers.py",
    )


def test_example_tests_pass_before_migration(example_repo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unittest", "discover", "-s", "tests", "-t", "."],
        cwd=example_repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stderr


def test_call_sites_of_the_example_all_bind_with_its_rules(report: AuditReport) -> None:
    assert report.calls is not None
    calls = {str(name.legacy): name for name in report.calls.names}
    engine = calls[f"{ENGINE}:ExecutionEngine"]
    assert engine.has_rule and engine.compatible
    assert engine.calls == 15
    assert {shape.shape for shape in engine.shapes} >= {
        "positional-3",
        "positional-2",
        "keyword",
        "module-attribute",
    }
    assert calls[f"{ENGINE}:ExecutionEngine._init_from_factory"].calls == 2
    assert calls[f"{BRIDGE}:ConsolidatedExecutionEngine"].has_rule
    (gap,) = [gap for gap in report.calls.gaps if gap.missing]
    assert [member.name for member in gap.missing] == ["get_execution_stats"]


def pyflakes_messages(tree: Path, paths: list[str]) -> set[str]:
    """pyflakes findings on ``paths``, without line numbers (they move in a rewrite)."""
    done = subprocess.run(
        [sys.executable, "-m", "pyflakes", *paths], cwd=tree, capture_output=True, text=True, check=False
    )
    return {
        line.split(":", 1)[0] + ":" + line.split(" ", 1)[1]
        for line in done.stdout.splitlines()
        if " " in line
    }


def test_every_rewritten_file_compiles_and_gains_no_undefined_name(
    example_repo: Path, tmp_path: Path
) -> None:
    """The whole migration of the example, then pyflakes before and after on every file it changed.

    Imports of missing names are ruled out by run's own static check on every commit.
    """
    from click.testing import CliRunner
    from conftest import git

    from ssot_refactor.cli import main

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(example_repo), str(clone)], check=True)
    for key, value in (("user.name", "Test User"), ("user.email", "test@example.invalid")):
        git(clone, "config", key, value)
    result = CliRunner().invoke(main, ["run", "--repo", str(clone), "--stay"])
    assert result.exit_code == 0, result.output
    changed = [p for p in git(clone, "diff", "--name-only", "main", "HEAD").split() if p.endswith(".py")]
    assert len(changed) > 15
    for path in changed:
        compile((clone / path).read_bytes(), path, "exec")
    after = pyflakes_messages(clone, changed)
    git(clone, "checkout", "--quiet", "main")
    existing = [p for p in changed if (clone / p).exists()]
    before = pyflakes_messages(clone, existing)
    assert {message for message in after - before if "undefined name" in message} == set()
    assert not any("undefined name" in message for message in after)
