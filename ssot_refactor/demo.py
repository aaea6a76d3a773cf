"""Demo: copy the bundled example repository into a new git repository and run the pipeline on it.

Effects: creates a folder (a new temporary one unless ``workdir`` is given) and a git repository
in it; never touches anything else.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from ssot_refactor.audit import audit_repository
from ssot_refactor.errors import SsotError
from ssot_refactor.gitrepo import init_repository
from ssot_refactor.model import LegacyKind
from ssot_refactor.render import render_audit_text

_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def example_source() -> Path:
    """The bundled example repository inside the installed package."""
    path = Path(str(resources.files("ssot_refactor") / "example"))
    if not (path / "ssot.toml").is_file():
        raise SsotError("the bundled example repository is missing from the installation", path=str(path))
    return path


def create_example_repository(workdir: Path | None = None) -> Path:
    """Copy the example into ``workdir`` (or a new temporary folder) and commit it on ``main``."""
    if workdir is None:
        target = Path(tempfile.mkdtemp(prefix="ssot-demo-")) / "example"
    else:
        target = workdir.resolve() / "example"
        if target.exists():
            raise SsotError("already exists; choose another --workdir", path=str(target))
    shutil.copytree(example_source(), target, ignore=_IGNORED)
    init_repository(target, "Example agents backend before the SSOT migration")
    return target


def run_demo(console: Console, workdir: Path | None = None) -> int:
    """The whole pipeline on the example; returns the exit code (non-zero on any wrong result)."""
    repo = create_example_repository(workdir)
    console.print(Rule("ssot-refactor demo"))
    console.print(f"Example repository: [bold]{repo}[/bold] (a git repository on branch main)")
    console.print(Rule("1. audit"))
    report = audit_repository(repo)
    console.print(render_audit_text(report))
    statuses = {module.module: module.kind for module in report.modules}
    expected = {LegacyKind.DUPLICATE, LegacyKind.BRIDGE, LegacyKind.REDIRECT}
    if set(statuses.values()) != expected:
        console.print(f"[red]unexpected legacy module statuses: {statuses}[/red]")
        return 1
    console.print(Rule())
    console.print(f"Done. Try: ssot-refactor audit --repo {repo} --format markdown")
    return 0
