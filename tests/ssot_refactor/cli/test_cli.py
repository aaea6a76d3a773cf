"""The command line as users run it: a real subprocess and click's runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import RepoFactory, git

from ssot_refactor.cli import main

SPEC = '[migration]\nname = "m"\n\n[[legacy]]\nmodule = "app.old"\n\n[legacy.names]\nEngine = "app.new:UserEngine"\n'


def test_console_script_runs_audit_as_a_subprocess(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "ssot.toml": SPEC,
            "app/__init__.py": "",
            "app/old.py": "class Engine: ...\n",
            "app/new.py": "class UserEngine: ...\n",
            "app/use.py": "from app.old import Engine\n",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "ssot_refactor", "audit", "--repo", str(repo), "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["legacy_modules"][0]["names"][0]["importers"] == 1
    assert done.stderr == ""


def test_python_warnings_about_the_code_read_are_not_shown(git_repo: RepoFactory) -> None:
    """``"\\d"`` makes the parser warn about the user's code (once per parse); the plan stays clean."""
    repo = git_repo(
        {
            "ssot.toml": SPEC,
            "app/__init__.py": "",
            "app/old.py": "class Engine: ...\n",
            "app/new.py": "class UserEngine: ...\n",
            "app/use.py": 'import re\nfrom app.old import Engine\n\nDIGITS = re.compile("\\d+")\nx = Engine()\n',
        }
    )
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "default",
            "-m",
            "ssot_refactor",
            "diff",
            "--repo",
            str(repo),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # 1: changes are pending
    assert "Warning" not in done.stderr and "escape sequence" not in done.stderr, done.stderr
    assert "UserEngine()" in json.loads(done.stdout)["commits"][0]["files"][0]["diff"]


def test_missing_repository_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--repo", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: ") and "nowhere" in result.output


def test_missing_spec_is_a_one_line_error_with_a_hint(git_repo: RepoFactory) -> None:
    repo = git_repo({"app/x.py": "x = 1\n"})
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo)])
    assert result.exit_code == 2
    assert "no migration spec" in result.output and "--spec PATH" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_explicit_spec_option(git_repo: RepoFactory, tmp_path: Path) -> None:
    repo = git_repo({"app/old.py": "class Engine: ...\n", "app/use.py": "from app.old import Engine\n"})
    spec = tmp_path / "elsewhere.toml"
    spec.write_text(SPEC)
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo), "--spec", str(spec), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["legacy_modules"][0]["importing_files"] == ["app/use.py"]


def test_demo_builds_a_repository_and_audits_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    repo = tmp_path / "example"
    assert "full duplicate implementation" in result.output and "delegating bridge" in result.output
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(repo, "config", "user.email").strip()


def test_demo_refuses_an_existing_target(tmp_path: Path) -> None:
    (tmp_path / "example").mkdir()
    result = CliRunner().invoke(main, ["demo", "--workdir", str(tmp_path)])
    assert result.exit_code == 2 and "already exists" in result.output


def test_every_command_help_shows_an_example_line() -> None:
    for name in sorted(main.commands):  # type: ignore[attr-defined]
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert any(line.strip().startswith("Example") for line in lines), name
        assert any(line.strip().startswith(f"ssot-refactor {name}") for line in lines), name
