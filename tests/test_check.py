"""``check``: the CI / pre-commit guard against legacy references."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from conftest import RepoFactory

from ssot_refactor.cli import main

SPEC = """\
[migration]
name = "m"

[[legacy]]
module = "app.old"
redirect = true

[legacy.names]
Engine = "app.new:UserEngine"

[[legacy]]
module = "app.kept"

[legacy.names]
Thing = "app.new:Thing"
"""

CLEAN = {
    "ssot.toml": SPEC,
    "app/__init__.py": "",
    "app/new.py": "class UserEngine: ...\nclass Thing: ...\n",
    "app/old.py": "from app.new import UserEngine as Engine\n",
    "app/kept.py": "from app.new import Thing\nclass Helper: ...\n",
    "app/user.py": "from app.new import UserEngine\nfrom app.kept import Helper\nclass UserExecutionEngine: ...\nUserEngine()\n",
    "tests/test_user.py": 'from unittest import mock\nmock.patch("app.old.EngineFactory")\n',
}


def run_check(repo, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--repo", str(repo), *args])


def test_clean_repository_exits_0(git_repo: RepoFactory) -> None:
    result = run_check(git_repo(CLEAN))
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("clean: no legacy references in")


def test_each_kind_of_legacy_reference_is_reported_with_file_and_line(git_repo: RepoFactory) -> None:
    repo = git_repo({
        **CLEAN,
        "app/again.py": "import os\nfrom app.old import Engine\n",
        "app/attr.py": "import app.old as legacy\nlegacy.Engine()\n",
        "app/star.py": "from app.old import *\n",
        "tests/test_patch.py": 'from unittest import mock\npatcher = mock.patch("app.old.Engine.run")\n',
        "app/other_kept.py": "from app.kept import Thing\n",
    })
    result = run_check(repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "app/again.py:2: imports legacy app.old:Engine (use app.new:UserEngine)",
        "app/attr.py:1: uses legacy app.old:Engine as legacy.Engine (use app.new:UserEngine)",
        "app/other_kept.py:1: imports legacy app.kept:Thing (use app.new:Thing)",
        "app/star.py:1: star import from legacy module app.old",
        'tests/test_patch.py:2: string "app.old.Engine.run" names legacy app.old.Engine (use app.new.UserEngine)',
    ]


def test_paths_limit_the_check_as_pre_commit_passes_them(git_repo: RepoFactory) -> None:
    repo = git_repo({**CLEAN, "app/again.py": "from app.old import Engine\n", "app/fine.py": "x = 1\n"})
    assert run_check(repo, "app/fine.py", "app/user.py").exit_code == 0
    result = run_check(repo, "app/again.py")
    assert result.exit_code == 1 and "app/again.py:1" in result.stdout


def test_check_path_imports_neither_libcst_nor_gitpython(git_repo: RepoFactory) -> None:
    repo = git_repo(CLEAN)
    code = (
        "import sys\nfrom ssot_refactor.cli import main\n"
        "try:\n    main(['check', '--repo', sys.argv[1], '--quiet'])\nexcept SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "loaded = [m for m in ('libcst', 'git') if m in sys.modules]\nassert not loaded, loaded\nprint('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
