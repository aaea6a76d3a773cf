"""Scan stage: index the candidate files here, sharing the work with the command's pool when it is up.

The main process indexes from the front. As soon as the pool's workers are up (``LazyPool.warm``)
and enough files are left, the back half goes to them in chunks; when the main process is done
with its half it takes back the chunks no worker has started. The answers are the same either way
and come back in the files' order: where the work ran changes nothing but the time.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, Future

from ssot_refactor.model import Skipped
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo

#: one file to index: repository path, bytes, module name (None outside the source roots), package?
IndexJob = tuple[str, bytes, str | None, bool]
Indexed = ModuleInfo | Skipped

#: fewer files left than this stay here: a round trip to the pool costs more than it saves
SHARE_MIN = 48
#: files per chunk handed to a worker
CHUNK = 8


def index_files(jobs: Sequence[IndexJob], pool: LazyPool | None = None) -> list[Indexed]:
    """Index ``jobs`` (``index_source``), on ``pool`` too once it is ready; answers in job order."""
    here: list[Indexed] = []  # jobs[:len(here)], indexed in this process
    shared: list[tuple[int, Future[list[Indexed]] | None]] = []  # the rest, by chunk start
    limit = len(jobs)
    while len(here) < limit:
        if not shared and pool is not None and pool.ready and limit - len(here) >= SHARE_MIN:
            limit = len(here) + (limit - len(here)) // 2
            shared = [
                (start, _handed(pool, jobs[start : start + CHUNK]))
                for start in range(limit, len(jobs), CHUNK)
            ]
        here.append(index_one(jobs[len(here)]))
    chunks: dict[int, list[Indexed]] = {}
    for start, future in reversed(shared):  # the last chunks are the least likely to have started
        chunks[start] = _answers(future) or index_many(jobs[start : start + CHUNK])
    return here + [answer for start, _ in shared for answer in chunks[start]]


def _handed(pool: LazyPool, chunk: Sequence[IndexJob]) -> Future[list[Indexed]] | None:
    """The chunk handed to a worker, or None when the pool broke (it is then indexed here)."""
    try:
        return pool.submit(index_many, chunk)
    except (BrokenExecutor, OSError, RuntimeError):
        return None


def _answers(future: Future[list[Indexed]] | None) -> list[Indexed] | None:
    """A worker's answers; None for a chunk no worker started (taken back) or one whose worker
    died: indexing never fails, so the main process does it again."""
    if future is None or future.cancel():
        return None
    try:
        return future.result()
    except (BrokenExecutor, OSError, EOFError):
        return None


def index_one(job: IndexJob) -> Indexed:
    path, data, module, is_package = job
    return index_source(path, data, module, is_package)


def index_many(jobs: Sequence[IndexJob]) -> list[Indexed]:
    """A worker's chunk (a module-level function, so the pool can send it by name)."""
    return [index_one(job) for job in jobs]
