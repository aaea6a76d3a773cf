"""One process pool per command, made on first use or warmed in the background, shared by its stages.

The scan lends it the indexing of a large repository while the main process indexes too, and
the plan runs its per-file rewrites on it: the workers start once, and while a large
repository is still being listed and read. ``prepare_process`` sets how the command's
processes (the main one and the workers) run.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

A = TypeVar("A")
R = TypeVar("R")

#: what the forkserver imports for a command that plans: the codemods' pipeline and its stdlib
#: shortcuts, not LibCST (a worker loads it for the first file a LibCST command must rewrite;
#: when the shortcuts rewrite every file, as in the 20,000-module benchmark, none does)
PLAN_PRELOAD = (
    "codemods",
    "codemods.rewrite_calls",
    "codemods.patch_targets",
    "ssot_refactor.equivalence",
    "ssot_refactor.plan.pipeline",
    "ssot_refactor.plan.combined",
)
#: what it imports for a command that only scans (``check``, ``audit``): the stdlib indexer
SCAN_PRELOAD = ("ssot_refactor.scan.index",)

#: the cycle collector's thresholds in a command's processes (CPython's default: 700, 10, 10)
COLLECTOR_THRESHOLDS = (20_000, 50, 100)


def prepare_process() -> None:
    """How a command's process runs: quiet about the code it reads, collecting cycles less often.

    Parsing a file with ``"\\d"`` in a string makes Python warn (a ``SyntaxWarning`` since
    3.12, a ``DeprecationWarning`` before): about the user's code, not about the migration,
    and once per parse, so one such file printed the same warning four times among the
    plan. Those warnings are not shown.

    A command allocates millions of short-lived tree nodes and makes few reference cycles.

    In one process, the dry run of the 20,000-module benchmark repository ran the cycle
    collector 4,149 times with CPython's default thresholds, 15 of them over the oldest
    generation (which holds the whole scan): 3.0 s of its 12.1 s of CPU. With these, 92
    times, never over the oldest: 0.4 s, at the same peak memory. Set by the command line and
    in each pool worker, never by the library API, which leaves its caller's process alone.
    """
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    warnings.filterwarnings("ignore", message="invalid escape sequence", category=DeprecationWarning)
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


class LazyPool:
    """A process pool made on first use, sized to the machine.

    The ``forkserver`` start method (``spawn`` where there is none) is used: forking next to
    rich's refresh thread is unsafe on Python 3.12+. The forkserver imports ``preload`` once
    before it forks, so each worker starts warm. There is one forkserver per process: the
    first pool to start it decides what it imports (one command runs per process).
    """

    def __init__(self, workers: int | None = None, preload: Sequence[str] = PLAN_PRELOAD) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.preload = list(preload)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._warming: threading.Thread | None = None
        self.submitted = 0  #: calls handed to the workers through ``submit``

    @property
    def started(self) -> bool:
        return self._executor is not None

    @property
    def ready(self) -> bool:
        """Whether the workers are up (``warm``), so work handed over now starts at once."""
        return self._ready.is_set()

    def warm(self) -> None:
        """Start the workers in a background thread; the caller goes on (see ``ready``)."""
        if self._warming is not None or self.started:
            return
        self._warming = threading.Thread(target=self._start_workers, name="ssot-pool", daemon=True)
        self._warming.start()

    def _start_workers(self) -> None:
        executor = self.executor()
        try:
            for done in [executor.submit(int) for _ in range(self.workers)]:
                done.result()
        except (OSError, RuntimeError):  # a pool that cannot start is never ready: work stays here
            return
        self._ready.set()

    def submit(self, function: Callable[[A], R], argument: A) -> Future[R]:
        """Run ``function(argument)`` on a worker (``submitted`` counts the calls handed over)."""
        self.submitted += 1
        return self.executor().submit(function, argument)

    def executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                methods = multiprocessing.get_all_start_methods()
                method = "forkserver" if "forkserver" in methods else "spawn"
                context = multiprocessing.get_context(method)
                if method == "forkserver":
                    multiprocessing.get_context("forkserver").set_forkserver_preload(self.preload)
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=context, initializer=prepare_process
                )
            return self._executor

    def shutdown(self) -> None:
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None
        self._ready.clear()
