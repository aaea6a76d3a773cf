"""The command's process pool: started once, warmed in the background, shared by scan and plan."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import RepoFactory

from ssot_refactor import plan as plan_module
from ssot_refactor import pool as pool_module
from ssot_refactor import workflow
from ssot_refactor.pool import SCAN_PRELOAD, LazyPool
from ssot_refactor.scan import indexing


def test_warm_starts_the_workers_in_the_background_and_shutdown_ends_them() -> None:
    pool = LazyPool(2, SCAN_PRELOAD)
    pool.warm()
    pool.warm()  # once only
    deadline = time.monotonic() + 120
    while not pool.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.ready and pool.started
    assert pool.submit(abs, -3).result() == 3
    assert pool.submitted == 1
    pool.shutdown()
    assert not pool.started and not pool.ready


def test_shutdown_while_warming_waits_for_it() -> None:
    pool = LazyPool(1, SCAN_PRELOAD)
    pool.warm()
    pool.shutdown()
    assert not pool.started and not pool.ready


def test_a_command_makes_one_pool_for_its_scan_and_its_plan(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dry run warms one pool in a large repository; the scan and the plan are both handed it."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no pool")
    files: dict[str, str | bytes] = {
        "ssot.toml": '[migration]\nname = "m"\n\n[[legacy]]\nmodule = "app.old"\n\n'
        '[legacy.names]\nEngine = "app.new:Engine"\n',
        "app/__init__.py": "",
        "app/old.py": "class Engine:\n    pass\n",
        "app/new.py": "class Engine:\n    pass\n",
    }
    for number in range(indexing.SHARE_MIN * 2):
        files[f"app/user{number}.py"] = f"from app.old import Engine\n\nVALUE{number} = Engine()\n"
    for number in range(700):  # enough files for the scan to call the repository large
        files[f"data/note{number}.txt"] = "nothing\n"
    repo = git_repo(files)
    made: list[LazyPool] = []
    real = pool_module.LazyPool.__init__

    def record(self: LazyPool, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(pool_module.LazyPool, "__init__", record)
    handed: list[LazyPool | None] = []
    real_index = indexing.index_files

    def watch(jobs: list[indexing.IndexJob], pool: LazyPool | None = None) -> list[indexing.Indexed]:
        handed.append(pool)
        return real_index(jobs, pool)

    monkeypatch.setattr("ssot_refactor.scan.scanner.index_files", watch)
    planned: list[LazyPool | None] = []
    real_plan = plan_module.plan_and_index

    def plan(*args: Any, **kwargs: Any) -> Any:
        planned.append(kwargs.get("pool"))
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(plan_module, "plan_and_index", plan)
    dry = workflow.dry_run(Path(repo))
    assert len(made) == 1
    assert handed and all(pool is made[0] for pool in handed)
    assert planned == [made[0]]
    assert made[0].started is False  # shut down at the end of the command
    assert {str(edit.path) for commit in dry.plan.commits for edit in commit.edits} >= {"app/user0.py"}


def test_the_command_line_and_the_workers_collect_cycles_less_often(git_repo: RepoFactory) -> None:
    import gc

    from click.testing import CliRunner

    from ssot_refactor.cli import main
    from ssot_refactor.pool import COLLECTOR_THRESHOLDS

    before = gc.get_threshold()
    spec = '[migration]\nname = "m"\n\n[[legacy]]\nmodule = "app.old"\n\n[legacy.names]\nEngine = "app.new:UserEngine"\n'
    files = {
        "app/__init__.py": "",
        "app/old.py": "class Engine: ...\n",
        "app/new.py": "class UserEngine: ...\n",
    }
    repo = git_repo({"ssot.toml": spec, **files})
    try:
        gc.set_threshold(700, 10, 10)
        result = CliRunner().invoke(main, ["check", "--repo", str(repo)])
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == COLLECTOR_THRESHOLDS
    finally:
        gc.set_threshold(*before)
    assert gc.get_threshold() == before  # the library API leaves the caller's collector alone
    workflow.check_repository(repo)
    assert gc.get_threshold() == before
    pool = LazyPool(1, SCAN_PRELOAD)
    try:
        asked = pool.submit(eval, "__import__('gc').get_threshold()")  # a builtin: no import in the worker
        assert asked.result() == COLLECTOR_THRESHOLDS
    finally:
        pool.shutdown()


def test_planning_in_the_main_process_imports_no_libcst_until_a_rewrite_needs_it() -> None:
    """The workers rewrite; the main process reads signatures and plans without LibCST."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import ssot_refactor.cli, ssot_refactor.workflow, ssot_refactor.plan, ssot_refactor.scan.signatures\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('libcst', 'codemods')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


SHORTCUT_FILE = (
    b'from app.old import Engine\nimport app.old as m\nx = Engine(), m.Engine\nP = "app.old.Engine.run"\n'
)
COMMAND_FILE = b'from app.old import Engine\nx: "Engine" = Engine()\n\n\ndef f(Engine):\n    return Engine\n'


@pytest.mark.parametrize(("source", "loads"), [(SHORTCUT_FILE, False), (COMMAND_FILE, True)])
def test_a_worker_loads_libcst_only_for_a_file_a_libcst_command_must_rewrite(
    source: bytes, loads: bool
) -> None:
    """What the forkserver preloads imports no LibCST, and neither does a file the stdlib
    shortcuts rewrite whole; a file that needs a LibCST command loads it then."""
    import subprocess
    import sys

    code = (
        "import importlib, sys\n"
        "from ssot_refactor.pool import PLAN_PRELOAD\n"
        "for name in PLAN_PRELOAD:\n"
        "    importlib.import_module(name)\n"
        "assert 'libcst' not in sys.modules, 'preloaded'\n"
        "from ssot_refactor.plan.pipeline import rewrite_file\n"
        "from ssot_refactor.model import Edited, FileContext, NameMap\n"
        "ctx = FileContext(path='app/c.py', module='app.c', is_package=False,\n"
        "                  name_map=NameMap.parse({'app.old:Engine': 'app.new:UserEngine'}))\n"
        "outcome = rewrite_file((sys.stdin.buffer.read(), ctx))\n"
        "assert isinstance(outcome.result, Edited) and not outcome.checked[1], outcome\n"
        "print('libcst' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=source, capture_output=True, check=True)
    assert (done.stdout.decode().strip(), done.stderr) == (str(loads), b"")
