"""Demo: copy the bundled example repository into a new git repository and run the pipeline on it.

Effects: creates a folder (a new temporary one unless ``workdir`` is given) and a git repository
in it; never touches anything else. Every step checks its result, so the demo doubles as an
end-to-end test: it returns a non-zero exit code on any wrong result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from ssot_refactor.apply import RunOptions
from ssot_refactor.errors import SsotError
from ssot_refactor.gitrepo import init_repository, status_lines, temporary_checkout
from ssot_refactor.model import LegacyKind
from ssot_refactor.render import render_audit_text, render_blocked, render_diff
from ssot_refactor.workflow import (
    audit_repository,
    check_repository,
    dry_run,
    load_spec_of,
    plan_repository,
    run_migration,
)

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


def without_call_rules(spec_text: str) -> str:
    """The spec with its ``[[legacy.calls]]`` tables removed (to show what they unblock)."""
    kept, skipping = [], False
    for line in spec_text.splitlines(keepends=True):
        header = re.match(r"\s*\[", line)
        if header:
            skipping = line.strip() == "[[legacy.calls]]"
        if not skipping:
            kept.append(line)
    return "".join(kept)


class _Steps:
    """Prints numbered steps and remembers the first wrong result."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.number = 0
        self.failures: list[str] = []
        #: ``path:line`` of the legacy references the dry run says the migration leaves
        self.left: set[str] = set()

    def start(self, title: str) -> None:
        self.number += 1
        self.console.print(Rule(f"{self.number}. {title}", align="left"))

    def expect(self, ok: bool, what: str) -> None:
        mark = "[green]ok[/green]" if ok else "[bold red]WRONG[/bold red]"
        self.console.print(f"{mark}: {what}")
        if not ok:
            self.failures.append(what)


def run_demo(console: Console, workdir: Path | None = None) -> int:
    """The whole pipeline on the example; returns the exit code (non-zero on any wrong result)."""
    repo = create_example_repository(workdir)
    steps = _Steps(console)
    console.print(Rule("ssot-refactor demo"))
    console.print(f"Example repository: [bold]{repo}[/bold] (a git repository on branch main)")
    for step in (_audit, _blocked_without_rules, _dry_run, _run, _identity, _check, _pr_body):
        step(repo, steps)
        if steps.failures:
            break
    console.print(Rule())
    if steps.failures:
        console.print(f"[bold red]demo failed:[/bold red] {steps.failures[0]}")
        return 1
    console.print(f"Done. Look at the migration: git -C {repo} log --stat main..{_branch(repo)}")
    return 0


def _audit(repo: Path, steps: _Steps) -> None:
    steps.start("audit: who depends on the legacy engines")
    report = audit_repository(repo)
    steps.console.print(render_audit_text(report))
    kinds = {module.kind for module in report.modules}
    steps.expect(
        kinds == {LegacyKind.DUPLICATE, LegacyKind.BRIDGE, LegacyKind.REDIRECT},
        "one full duplicate, one delegating bridge, one pure redirect",
    )


def _blocked_without_rules(repo: Path, steps: _Steps) -> None:
    steps.start("plan without the spec's call rules: incompatible calls are blocked")
    spec_text = (repo / "ssot.toml").read_text(encoding="utf-8")
    bare = Path(tempfile.mkdtemp(prefix="ssot-demo-spec-")) / "ssot-without-calls.toml"
    bare.write_text(without_call_rules(spec_text), encoding="utf-8")
    plan = plan_repository(repo, bare)
    for part in render_blocked(plan):
        steps.console.print(part)
    rules = [
        line
        for line in spec_text.splitlines()
        if line.startswith(("[[legacy.calls]]", "name =", "canonical ="))
    ]
    steps.console.print(
        "The example's ssot.toml unblocks them with:\n  " + "\n  ".join(rules[-9:]), markup=False
    )
    steps.expect(
        bool(plan.blocked), "calls that would not bind to UserExecutionEngine are blocked, not rewritten"
    )
    shutil.rmtree(bare.parent, ignore_errors=True)


def _dry_run(repo: Path, steps: _Steps) -> None:
    steps.start("diff: the dry run with the call rules")
    planned = dry_run(repo)
    plan = planned.plan
    steps.console.print(render_diff(plan))
    steps.expect(
        not plan.is_empty and not status_lines(repo), "changes are planned and nothing on disk changed"
    )
    steps.left = {f"{left.reference.path}:{left.reference.line}" for left in planned.remaining}
    for left in planned.remaining:
        steps.console.print(f"  left for check: {left.reference} ({left.why})", markup=False, highlight=False)
    blocked_paths = {site.path for blocked in plan.blocked for site in blocked.sites}
    steps.expect(
        all(left.reference.path in blocked_paths for left in planned.remaining),
        "every legacy reference the plan leaves is in a blocked file, reported with the reason",
    )


def _run(repo: Path, steps: _Steps) -> None:
    # the example's own tests use only the standard library: the demo needs nothing more
    command = f"{_quoted(sys.executable)} -m unittest discover -s tests -t ."
    steps.start(f'run --verify "{command}": one commit at a time, each verified')
    applied = run_migration(repo, None, RunOptions(verify=command), steps.console.print)
    verified = all(commit.verify is not None and commit.verify.passed for commit in applied.commits)
    steps.expect(
        bool(applied.commits) and verified,
        f"{len(applied.commits)} commits, each passing the example's tests",
    )


def _identity(repo: Path, steps: _Steps) -> None:
    steps.start("identity: a legacy name is now the canonical object")
    code = (
        "import warnings\n"
        "warnings.simplefilter('ignore', DeprecationWarning)\n"
        "from app.agents.supervisor.execution_engine import ExecutionEngine\n"
        "from app.agents.supervisor.user_execution_engine import UserExecutionEngine\n"
        "print(ExecutionEngine is UserExecutionEngine)\n"
    )
    with temporary_checkout(repo, _branch(repo)) as tree:
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=False
        ).stdout
    steps.console.print(f"ExecutionEngine is UserExecutionEngine -> {out.strip()}")
    steps.expect(out.strip() == "True", "legacy ExecutionEngine is UserExecutionEngine")


def _check(repo: Path, steps: _Steps) -> None:
    steps.start("check: no legacy reference left outside the redirects")
    with temporary_checkout(repo, _branch(repo)) as tree:
        report = check_repository(tree)
    for finding in report.findings:
        steps.console.print(f"  {finding}")
    found = {f"{finding.path}:{finding.line}" for finding in report.findings}
    if not steps.left:
        steps.expect(report.clean, f"check is clean on the migration branch ({report.files_checked} files)")
        return
    steps.expect(
        found == steps.left,
        f"check finds exactly the {len(found)} blocked reference(s) the dry run announced, nothing else "
        f"({report.files_checked} files)",
    )


def _pr_body(repo: Path, steps: _Steps) -> None:
    try:
        from ssot_refactor.workflow import render_pr_body
    except ImportError:
        return
    steps.start("pr: the pull request that would be opened")
    body = render_pr_body(repo)
    steps.console.print(body, markup=False, highlight=False)
    steps.expect("SSOT" in body or "ssot" in body, "the PR body describes the migration")


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path


def _branch(repo: Path) -> str:
    return load_spec_of(repo).migration.branch
