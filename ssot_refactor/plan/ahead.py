"""Rewriting ahead, in one batch: every file whose commit starts from its bytes on disk (pure).

The importers of each legacy module are planned in spec order, each module's files on the tree
the earlier modules' commits leave, one batch per module. Most files are touched by one legacy
module only and no earlier commit changes them, so their rewrite does not depend on that order:
it is made ahead, for all modules at once, in one batch across the pool together with the
combined rewrites of the files several modules touch (``combined``). The largest files start
first and no worker idles at the end of a module's batch. When a module's turn comes a file
takes the rewrite made ahead only if its bytes and its context are still those it was made for;
otherwise (an earlier commit or a string rerun changed them) it is rewritten then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from ssot_refactor.model import FileContext
from ssot_refactor.plan import jobs, pipeline
from ssot_refactor.plan.combined import (
    CombinedJob,
    CutFile,
    CutResult,
    ModuleSetup,
    combined_job,
    combined_jobs,
    cut_files,
)
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan import ScanResult

#: a rewrite made ahead: the bytes and the context it was made for, and its outcome
Ahead = tuple[bytes, FileContext, pipeline.JobOutcome]
#: one job of the batch: the source (its size orders the batch), the kind, the job itself
AheadJob = tuple[bytes, Literal["combined"], CombinedJob] | tuple[bytes, Literal["single"], pipeline.Job]


def single_module_paths(setups: Sequence[ModuleSetup], chosen: Mapping[str, object]) -> dict[str, int]:
    """The files one legacy module alone rewrites (not rewritten in combination), with its index."""
    count = Counter(path for setup in setups for path in setup.paths)
    return {
        path: k
        for k, setup in enumerate(setups)
        for path in setup.paths
        if count[path] == 1 and path not in chosen
    }


def ahead_job(job: AheadJob) -> CutResult | pipeline.JobOutcome | None:
    """Run one job of the batch (in a worker)."""
    if job[1] == "combined":
        return combined_job(job[2])
    return pipeline.rewrite_file(job[2])


def rewrite_ahead(
    chosen: Mapping[str, tuple[int, ...]],
    setups: Sequence[ModuleSetup],
    contexts: Mapping[str, FileContext],
    singles: Mapping[str, FileContext],
    result: ScanResult,
    pool: LazyPool,
) -> tuple[dict[str, CutFile], dict[str, Ahead]]:
    """The combined files' cuts and the single files' rewrites, from one batch across the pool.

    ``contexts``: the combined files' base contexts; ``singles``: each single file's context.
    """
    work = combined_jobs(chosen, setups, contexts, result)
    single = [(path, ((result.root / path).read_bytes(), ctx)) for path, ctx in singles.items()]
    batch: list[AheadJob] = [(job[0], "combined", job) for _, job in work]
    batch += [(job[0], "single", job) for _, job in single]
    done = jobs.run_jobs(batch, pool=pool, function=ahead_job)
    cuts = cut_files(
        chosen, work, [found if isinstance(found, CutResult) else None for found in done[: len(work)]]
    )
    ahead = {
        path: (job[0], job[1], outcome)
        for (path, job), outcome in zip(single, done[len(work) :])
        if isinstance(outcome, pipeline.JobOutcome)
    }
    return cuts, ahead
