"""Orchestration: every command as one straight line of stages (reads; effects through apply and pr).

spec -> scan -> plan -> render (``diff``), apply (``run``), check, audit, pr. This is the only
module that loads the spec and scans; every stage it calls takes data and returns data, and the
effects stay in ``apply`` (files, git) and ``pr`` (git, network). The CLI and the demo call
these functions, nothing below them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ssot_refactor.check import CheckReport, check, remaining_references, spec_for_paths
from ssot_refactor.model import DryRun, Plan, Quit, ReviewAnswer, SkipFile
from ssot_refactor.pool import SCAN_PRELOAD, LazyPool
from ssot_refactor.scan import ScanResult, scan
from ssot_refactor.spec import Spec, load_spec, parse_spec_text

if TYPE_CHECKING:  # the stages below are imported where used: ``check`` stays light and fast
    from ssot_refactor.apply import Applied, RunOptions
    from ssot_refactor.audit import AuditReport
    from ssot_refactor.draft import Drafted
    from ssot_refactor.pr import PrOptions

Progress = Callable[[int, int], None]
Report = Callable[[str], None]
#: looks at a plan before ``run`` commits it (``--interactive``): accept it, skip a file, or quit
Review = Callable[[Plan], ReviewAnswer]


@dataclass(frozen=True, slots=True)
class Loaded:
    """A repository read for one command: its spec and what the scan found."""

    spec: Spec
    scan: ScanResult


def load_spec_of(repo: Path, spec_path: Path | None = None) -> Spec:
    """The migration spec of ``repo`` (``--spec``, else ``ssot.toml``, else ``pyproject.toml``)."""
    return load_spec(repo, spec_path)


def load(
    repo: Path,
    spec_path: Path | None = None,
    *,
    paths: Iterable[str] = (),
    progress: Progress | None = None,
    pool: LazyPool | None = None,
) -> Loaded:
    """Load the spec of ``repo`` and scan it (only ``paths``, repository-relative, when given)."""
    spec = spec_for_paths(load_spec(repo, spec_path), repo, paths)
    return Loaded(spec, scan(repo, spec, progress, pool=pool))


@contextmanager
def command_pool(*, plans: bool) -> Iterator[LazyPool | None]:
    """The command's one process pool, shut down at its end (none on one core): a worker per core
    with the codemods preloaded for a command that plans; for one that only scans, the
    indexer preloaded and one worker fewer than the cores (the main process indexes too)."""
    cores = os.cpu_count() or 1
    pool = None
    if cores > 1:
        pool = LazyPool(cores) if plans else LazyPool(cores - 1, SCAN_PRELOAD)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown()


def audit_repository(
    repo: Path, spec_path: Path | None = None, progress: Progress | None = None
) -> AuditReport:
    """``audit``: legacy modules, names, importers, call sites and related tests."""
    from ssot_refactor.audit import audit

    with command_pool(plans=False) as pool:
        loaded = load(repo, spec_path, progress=progress, pool=pool)
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

    with command_pool(plans=True) as pool:
        loaded = load(repo, spec_path, progress=progress, pool=pool)
        refuse_external_redirects(loaded.spec, loaded.scan)
        return plan_migration(loaded.spec, loaded.scan, split_by=split_by, pool=pool)


def dry_run(
    repo: Path,
    spec_path: Path | None = None,
    *,
    split_by: str | None = None,
    progress: Progress | None = None,
    skip: Iterable[str] = (),
) -> DryRun:
    """``diff``: the plan, and the legacy references ``check`` will still find after it.

    ``skip``: files no commit may change (``--skip``), planned exactly as ``run`` plans them.
    """
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.plan import plan_and_index

    skipped = repository_paths(repo, skip)
    with command_pool(plans=True) as pool:
        loaded = load(repo, spec_path, progress=progress, pool=pool)
        refuse_external_redirects(loaded.spec, loaded.scan)
        plan, indexed = plan_and_index(loaded.spec, loaded.scan, split_by=split_by, skip=skipped, pool=pool)
        _diff_large_edits(plan, pool)
    plan = _untracked_noted(plan, repo)
    return DryRun(plan, remaining_references(loaded.spec, loaded.scan, plan, indexed))


def _diff_large_edits(plan: Plan, pool: LazyPool | None) -> None:
    """Make the diffs of the plan's large edits across the pool, for the renderer (``render.diffs``).

    The JSON and the diff show every edit's unified diff; ``difflib`` takes about a tenth of a
    second for each commit of a 5,000-line module, which the main process would otherwise do
    one after the other once the pool is idle.
    """
    if pool is None:
        return  # one core: the renderer makes them
    from ssot_refactor.plan.jobs import run_jobs
    from ssot_refactor.render.diffs import large_edits, remember, unified_job

    large = large_edits(plan)
    done = run_jobs(
        [(edit.before, edit.after, str(edit.path)) for edit in large], pool=pool, function=unified_job
    )
    remember(zip(large, done))


def _untracked_noted(plan: Plan, repo: Path) -> Plan:
    """The plan with a warning for each file it changes that git does not track (``run``
    refuses those: see ``refuse_uncommitted_users``)."""
    from dataclasses import replace

    from ssot_refactor.gitrepo import untracked_paths
    from ssot_refactor.model import Finding, FindingCode

    changed = {edit.path.as_posix() for commit in plan.commits for edit in commit.edits}
    untracked = sorted(changed.intersection(untracked_paths(repo))) if changed else []
    notes = tuple(
        Finding(
            path,
            0,
            "git does not track this file: run migrates the committed files only and refuses while it "
            "uses legacy names (commit it, move it out, or --skip it)",
            code=FindingCode.UNTRACKED,
        )
        for path in untracked
    )
    return replace(plan, warnings=plan.warnings + notes) if notes else plan


def check_repository(
    repo: Path, spec_path: Path | None = None, paths: Iterable[str] = (), progress: Progress | None = None
) -> CheckReport:
    """``check``: references to mapped legacy names outside redirects (in ``paths`` only, when given)."""
    with command_pool(plans=False) as pool:
        loaded = load(repo, spec_path, paths=paths, progress=progress, pool=pool)
    return check(loaded.spec, loaded.scan)


def run_migration(
    repo: Path, spec_path: Path | None, options: RunOptions, report: Report, review: Review | None = None
) -> Applied:
    """``run``: plan in a fresh worktree of HEAD (or of the branch with ``--resume``) and commit the plan there.

    ``review`` (the CLI's ``--interactive``) sees each plan before anything is committed: it
    accepts it, names a file to skip (the plan is made again, as with ``--skip``), or quits:
    then nothing is committed and the worktree and a new branch go again.
    """
    from ssot_refactor.apply import Applied, apply_plan, migration_worktree, stay_on_branch
    from ssot_refactor.audit import refuse_external_redirects

    spec = load_spec(repo, spec_path)
    skip = repository_paths(repo, options.skip)
    skip = refuse_uncommitted_users(repo, spec, spec_path, skip)
    with migration_worktree(repo, spec, resume=options.resume) as worktree:
        with command_pool(plans=True) as pool:
            result = scan(worktree.root, spec, pool=pool)
            refuse_external_redirects(spec, result)
            plan, quit_review = _reviewed_plan(spec, result, options.split_by, skip, review, pool)
        if quit_review:
            return Applied(worktree.branch, worktree.base, (), (), plan, quit_review=True)
        applied = apply_plan(plan, spec, result, worktree, options, report)
    if options.stay:
        stay_on_branch(repo, applied)
    return applied


def refuse_uncommitted_users(
    repo: Path, spec: Spec, spec_path: Path | None, skip: tuple[str, ...]
) -> tuple[str, ...]:
    """``run`` migrates the last commit: refuse while a file git does not track uses a legacy name.

    ``diff`` previews such a file with the others, but ``run`` works in a worktree of HEAD,
    where it does not exist: the migration would leave it importing what the redirects may
    drop. A ``--skip`` of such a file keeps it as it is (it is dropped from the skips, which
    name files of the commit). Only the files the spec covers count. Returns the skips left.
    """
    from ssot_refactor.errors import DirtyTreeError
    from ssot_refactor.gitrepo import untracked_paths
    from ssot_refactor.scan import select_files

    untracked = set(untracked_paths(repo))
    kept = tuple(path for path in skip if path not in untracked)
    migration = spec.migration
    checked = select_files(sorted(untracked - set(skip)), migration.include, migration.exclude)
    if not checked:
        return kept
    report = check_repository(repo, spec_path, paths=checked)
    if report.clean:
        return kept
    first = report.findings[0]
    files = sorted({finding.path for finding in report.findings})
    raise DirtyTreeError(
        f"{len(files)} file(s) git does not track use legacy names ({first.path}:{first.line} first); "
        "run migrates the committed files only",
        hint="commit them so run migrates them too, move them out, or --skip them",
    )


def _reviewed_plan(
    spec: Spec,
    result: ScanResult,
    split_by: str | None,
    skip: tuple[str, ...],
    review: Review | None,
    pool: LazyPool | None,
) -> tuple[Plan, bool]:
    """The plan to commit, made again with each file the review skips; True when the review quit.

    A plan with nothing to commit is not reviewed: ``run`` only reports it.
    """
    from ssot_refactor.plan import plan_migration

    plan = plan_migration(spec, result, split_by=split_by, skip=skip, pool=pool)
    while review is not None and not plan.is_empty:
        answer = review(plan)
        if not isinstance(answer, SkipFile):
            return plan, isinstance(answer, Quit)
        skip = (*skip, answer.path)
        plan = plan_migration(spec, result, split_by=split_by, skip=skip, pool=pool)
    return plan, False


def repository_paths(repo: Path, paths: Iterable[str]) -> tuple[str, ...]:
    """Paths from the command line as repository paths, read the way ``check`` reads its paths:
    repository-relative, ``./x``, or absolute inside ``repo``."""
    from ssot_refactor.check import relative_path

    return tuple(relative_path(repo, path) for path in paths)


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


def draft_spec(repo: Path, canonicals: Sequence[str]) -> Drafted:
    """``init --canonical``: a draft spec from the evidence in the code, scanned once like any spec
    to decide the redirects and the call rules; the text it returns always validates."""
    from ssot_refactor.draft import Drafted, Sources, canonical_classes, finish_draft, first_draft, spec_text
    from ssot_refactor.errors import SpecError

    sources = Sources(repo)
    classes = canonical_classes(sources, canonicals)
    targets = [canonical.target for canonical in classes]
    modules = first_draft(sources, classes)
    if not modules:
        names = ", ".join(target.name for target in targets)
        raise SpecError(
            f"no legacy version of {names} found: nothing subclasses, builds, forwards to, re-exports "
            "or duplicates it, or says it is deprecated in its favour",
            hint="write the [[legacy]] tables by hand (see the README's spec section)",
        )
    first = parse_spec_text(spec_text(targets, modules), source="the draft spec")
    modules = finish_draft(modules, classes, first, scan(repo, first))
    text = spec_text(targets, modules)
    parse_spec_text(text, source="the draft spec")
    return Drafted(text, tuple(modules))


def draft_candidates(repo: Path) -> list[str]:
    """``init`` without ``--canonical``: classes that may be canonical, with why."""
    from ssot_refactor.draft import Sources, candidates

    return candidates(Sources(repo))
