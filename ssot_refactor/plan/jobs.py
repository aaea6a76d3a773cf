"""Running per-file work in the command's process pool across the cores (pure)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, overload

from ssot_refactor.plan import pipeline
from ssot_refactor.plan.pipeline import Job, JobOutcome
from ssot_refactor.pool import LazyPool

#: from this many files on the pool is used even when they are small
PARALLEL_THRESHOLD = 12
#: bytes of source that can run beside the largest file: from about this much (a second or more
#: of LibCST work) the pool's start-up pays for itself, so two large files are never rewritten
#: one after the other on one core
PARALLEL_BYTES = 64_000

J = TypeVar("J", bound=tuple[Any, ...])
R = TypeVar("R")


@overload
def run_jobs(
    jobs: Sequence[Job], workers: int | None = None, pool: LazyPool | None = None
) -> list[JobOutcome]: ...


@overload
def run_jobs(
    jobs: Sequence[J], workers: int | None = None, pool: LazyPool | None = None, *, function: Callable[[J], R]
) -> list[R]: ...


def run_jobs(
    jobs: Sequence[Any],
    workers: int | None = None,
    pool: LazyPool | None = None,
    function: Callable[[Any], Any] | None = None,
) -> list[Any]:
    """Run ``function`` (default: ``pipeline.rewrite_file``) on each job, in a process pool across all cores
    when there is more than one job and enough work (``worth_a_pool``).

    Results come back in job order; a worker never raises (failures are ``Failed`` results).
    ``pool`` lets several calls share one pool (a plan uses one for all its legacy modules);
    without it a pool lives for this call only. A job's first item is the file's bytes: the
    largest files start first.
    """
    work = function or pipeline.rewrite_file
    own = pool is None
    pool = pool or LazyPool(workers)
    try:
        if not worth_a_pool(pool, [len(job[0]) for job in jobs]):
            return [work(job) for job in jobs]
        # largest files first and small chunks, so no worker is left alone with a long tail
        order = sorted(range(len(jobs)), key=lambda number: -len(jobs[number][0]))
        chunks = max(1, min(4, len(jobs) // (pool.workers * 8)))
        done = pool.executor().map(work, [jobs[number] for number in order], chunksize=chunks)
        outcomes = dict(zip(order, done))
        return [outcomes[number] for number in range(len(jobs))]
    finally:
        if own:
            pool.shutdown()


def worth_a_pool(pool: LazyPool, sizes: Sequence[int]) -> bool:
    """Whether jobs of these sizes (bytes) go to the pool: two or more, and the pool is up already,
    or there are many, or enough work can run beside the largest."""
    if pool.workers < 2 or len(sizes) < 2:
        return False
    return pool.started or len(sizes) >= PARALLEL_THRESHOLD or sum(sizes) - max(sizes) >= PARALLEL_BYTES
