"""Plan stage: run the codemods in memory and group the file edits into planned commits (pure).

Nothing is written. For each legacy module in spec order the plan holds the commit that points
its importers at the canonical names (optionally split per top-level package), so every
intermediate commit leaves every import resolvable. A file that imports several legacy modules
is edited in each module's commit in turn: it is rewritten once with all their mappings and the
rewrite is cut into one version per commit (``combined``, ``cut``), or, when that cut fails its
checks, rewritten for each module from the previous commit's bytes. Every edit passes the semantic safety check (its ``ast`` equals the input's after the declared
renames) before it enters the plan. A failure, like a codemod that fails, is a bug in the tool:
that file is skipped (it keeps its bytes and its legacy imports, and the legacy module's
redirect waits) and the rest of the migration is planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ssot_refactor.model import TRAILER, Blocked, Finding, NameMap, Plan, PlannedCommit, Skipped, Target
from ssot_refactor.plan.ahead import rewrite_ahead, single_module_paths
from ssot_refactor.plan.combined import combined_paths
from ssot_refactor.plan.commits import (
    add_validation_test,
    blocked_calls,
    importer_commits,
    redirect_commit,
    redirect_holds,
    single_commit,
)
from ssot_refactor.plan.importers import (
    file_context,
    importer_context,
    importers_by_module,
    module_name_map,
    module_setup,
    plan_importers,
)
from ssot_refactor.plan.jobs import run_jobs
from ssot_refactor.plan.pipeline import JobOutcome, rewrite_file
from ssot_refactor.plan.skips import skip_report, skip_set
from ssot_refactor.plan.tree import Tree
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.scan.records import ModuleInfo
from ssot_refactor.spec import Spec

__all__ = [
    "TRAILER",
    "JobOutcome",
    "module_name_map",
    "plan_and_index",
    "plan_migration",
    "rewrite_file",
    "run_jobs",
]


def plan_migration(
    spec: Spec,
    result: ScanResult,
    *,
    split_by: str | None = None,
    workers: int | None = None,
    skip: Iterable[str] = (),
    pool: LazyPool | None = None,
) -> Plan:
    """Plan the whole migration: ordered commits, plus what was skipped and the warnings.

    ``skip``: repository paths (``--skip``) that no commit may change; each is reported as
    blocked, with the redirects that wait for it.
    """
    return plan_and_index(spec, result, split_by=split_by, workers=workers, skip=skip, pool=pool)[0]


def plan_and_index(
    spec: Spec,
    result: ScanResult,
    *,
    split_by: str | None = None,
    workers: int | None = None,
    skip: Iterable[str] = (),
    pool: LazyPool | None = None,
) -> tuple[Plan, Mapping[str, tuple[bytes, ModuleInfo]]]:
    """``plan_migration``, and the indexes the workers read of rewritten files: path -> (bytes, index).

    ``pool``: the command's process pool (its owner shuts it down); without it the plan makes
    one of ``workers`` and shuts it down.

    An index counts for a file only when its bytes are the file's final ones
    (``check.applied_scan`` compares them): the dry run reads the migrated repository from them
    instead of parsing each rewritten file again.
    """
    split = split_by or spec.migration.split_by
    skipping = skip_set(skip, spec, result)  # checked before any work
    withheld: dict[str, list[Finding]] = {}
    tree = Tree(result.root, {})
    commits: list[PlannedCommit] = []
    skipped: dict[str, Skipped] = {s.path: s for s in result.skipped}
    warnings: list[Finding] = []
    from ssot_refactor.scan.signatures import call_plans

    reader = SignatureReader(result)  # one cache of parsed definitions for the calls and members
    plans = call_plans(spec, result, reader)
    redirected: dict[str, tuple[tuple[str, Target], ...]] = {}
    blocked: list[Blocked] = []
    imported_from = importers_by_module(result.index.values())
    setups = [module_setup(spec, entry, result, plans, reader, skipping) for entry in spec.legacy]
    own = pool is None
    pool = pool or LazyPool(workers)
    try:
        # files of several legacy modules: rewritten once, all together, then cut per commit
        chosen = combined_paths(spec, setups, result)
        contexts = {path: file_context(path, NameMap(), spec, result, imported_from) for path in chosen}
        # and the files of one legacy module: rewritten ahead, in the same batch
        singles = {
            path: importer_context(path, setups[k], spec, result, imported_from)
            for path, k in single_module_paths(setups, chosen).items()
        }
        cuts, ahead = rewrite_ahead(chosen, setups, contexts, singles, result, pool)
        for index, entry in enumerate(spec.legacy):
            work = plan_importers(
                spec, index, setups[index], result, tree, pool, imported_from, cuts, skipping, ahead
            )
            for path, stale in work.withheld.items():
                withheld.setdefault(path, []).extend(stale)
            warnings.extend(work.notes)
            skipped.update({s.path: s for s in work.skips})
            commits.extend(importer_commits(spec, entry, work.edits, result, split))
            blocked.extend(blocked_calls(spec, entry, work.blocked))
            held = redirect_holds(entry, work, result.link_of(entry.module)) if entry.redirect else []
            blocked.extend(held)
            if entry.redirect and not held:
                redirect = redirect_commit(spec, entry, result, tree, redirected)
                if redirect is not None:
                    commits.append(redirect)
    finally:
        if own:
            pool.shutdown()
    blocked.extend(add_validation_test(spec, result, tree, commits, redirected, skipping))
    kept, unused = skip_report(skipping, spec, result, setups, withheld, redirected)
    warnings.extend(unused)
    if split == "none" and commits:
        commits = [single_commit(spec, commits)]
    plan = Plan(
        commits=tuple(commits),
        blocked=tuple(kept + blocked),  # the skipped files first: the redirects that wait name them
        skipped=tuple(sorted(skipped.values(), key=lambda s: s.path)),
        warnings=tuple(dict.fromkeys(warnings)),
    )
    return plan, tree.indexed
