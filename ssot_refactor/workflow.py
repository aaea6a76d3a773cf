"""Orchestration: every command as one straight line of stages (reads; effects through apply and pr).

spec -> scan -> plan -> render (``diff``), apply (``run``), check, audit, pr. This is the only
module that loads the spec and scans; every stage it calls takes data and returns data, and the
effects stay in ``apply`` (files, git) and ``pr`` (git, network). The CLI and the demo call
these functions, nothing below them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ssot_refactor.check import CheckReport, check, remaining_references, spec_for_paths
from ssot_refactor.model import DryRun, Plan
from ssot_refactor.scan import ScanResult, scan
from ssot_refactor.spec import Spec, load_spec

if TYPE_CHECKING:  # the stages below are imported where used: ``check`` stays light and fast
    from ssot_refactor.apply import Applied, RunOptions
    from ssot_refactor.audit import AuditReport
    from ssot_refactor.pr import PrOptions

Progress = Callable[[int, int], None]
Report = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Loaded:
    """A repository read for one command: its spec and what the scan found."""

    spec: Spec
    scan: ScanResult


def load_spec_of(repo: Path, spec_path: Path | None = None) -> Spec:
    """The migration spec of ``repo`` (``--spec``, else ``ssot.toml``, else ``pyproject.toml``)."""
    return load_spec(repo, spec_path)


def load(
    repo: Path, spec_path: Path | None = None, *, paths: Iterable[str] = (), progress: Progress | None = None
) -> Loaded:
    """Load the spec of ``repo`` and scan it (only ``paths``, repository-relative, when given)."""
    spec = spec_for_paths(load_spec(repo, spec_path), repo, paths)
    return Loaded(spec, scan(repo, spec, progress))


def audit_repository(
    repo: Path, spec_path: Path | None = None, progress: Progress | None = None
) -> AuditReport:
    """``audit``: legacy modules, names, importers, call sites and related tests."""
    from ssot_refactor.audit import audit

    loaded = load(repo, spec_path, progress=progress)
    return audit(loaded.spec, loaded.scan)


def plan_repository(
    repo: Path,
    spec_path: Path | None = None,
    *,
    split_by: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """The plan ``run`` applies: ordered commits, plus what was blocked, skipped and noted."""
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.plan import plan_migration

    loaded = load(repo, spec_path, progress=progress)
    refuse_external_redirects(loaded.spec, loaded.scan)
    return plan_migration(loaded.spec, loaded.scan, split_by=split_by)


def dry_run(
    repo: Path,
    spec_path: Path | None = None,
    *,
    split_by: str | None = None,
    progress: Progress | None = None,
) -> DryRun:
    """``diff``: the plan, and the legacy references ``check`` will still find after it."""
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.plan import plan_and_index

    loaded = load(repo, spec_path, progress=progress)
    refuse_external_redirects(loaded.spec, loaded.scan)
    plan, indexed = plan_and_index(loaded.spec, loaded.scan, split_by=split_by)
    return DryRun(plan, remaining_references(loaded.spec, loaded.scan, plan, indexed))


def check_repository(
    repo: Path, spec_path: Path | None = None, paths: Iterable[str] = (), progress: Progress | None = None
) -> CheckReport:
    """``check``: references to mapped legacy names outside redirects (in ``paths`` only, when given)."""
    loaded = load(repo, spec_path, paths=paths, progress=progress)
    return check(loaded.spec, loaded.scan)


def run_migration(repo: Path, spec_path: Path | None, options: RunOptions, report: Report) -> Applied:
    """``run``: plan in a fresh worktree of HEAD (or of the branch with ``--resume``) and commit the plan there."""
    from ssot_refactor.apply import apply_plan, migration_worktree, stay_on_branch
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.plan import plan_migration

    spec = load_spec(repo, spec_path)
    with migration_worktree(repo, spec, resume=options.resume) as worktree:
        result = scan(worktree.root, spec)
        refuse_external_redirects(spec, result)
        plan = plan_migration(spec, result, split_by=options.split_by)
        applied = apply_plan(plan, spec, result, worktree, options, report)
    if options.stay:
        stay_on_branch(repo, applied)
    return applied


def make_pull_requests(repo: Path, spec_path: Path | None, options: PrOptions, report: Report) -> str:
    """``pr``: the pull request(s) of the migration branch, pushed and opened as asked; returns the rendering."""
    from ssot_refactor.pr import pull_requests

    spec = load_spec(repo, spec_path)
    return pull_requests(repo, spec, options, report, _auditor(spec))


def render_pr_body(repo: Path, spec_path: Path | None = None) -> str:
    """The Markdown pull-request body of the migration branch (what ``demo`` prints)."""
    from ssot_refactor.pr import render_body

    spec = load_spec(repo, spec_path)
    return render_body(repo, spec, _auditor(spec))


def _auditor(spec: Spec) -> Callable[[Path], AuditReport]:
    """How ``pr`` audits the tree of another commit (checked out in a folder of its own)."""
    from ssot_refactor.audit import audit

    return lambda folder: audit(spec, scan(folder, spec))
