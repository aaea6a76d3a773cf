"""Indexing shared with the command's pool, and the syntax errors that never reach LibCST."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RepoFactory, git, make_repo

from ssot_refactor.model import Skipped, SkipReason
from ssot_refactor.pool import SCAN_PRELOAD, LazyPool
from ssot_refactor.scan import scanner
from ssot_refactor.scan.index import index_source, never_valid
from ssot_refactor.scan.indexing import SHARE_MIN, IndexJob, index_files, index_one


def jobs(count: int) -> list[IndexJob]:
    """Small modules, a few of them broken, each different (module names, lines, strings)."""
    made: list[IndexJob] = []
    for number in range(count):
        source = (
            f"from pkg.old import Engine as E{number}\n\n"
            f"def f{number}(x):\n"
            f"    return E{number}(x).run('pkg.old.Engine{number}')\n"
        )
        if number % 17 == 5:
            source = "def broken(:\n"
        made.append((f"app/m{number}.py", source.encode(), f"app.m{number}", number % 11 == 0))
    return made


def ready_pool() -> LazyPool:
    pool = LazyPool(1, SCAN_PRELOAD)
    pool.warm()
    deadline = time.monotonic() + 120
    while not pool.ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.ready
    return pool


def test_indexing_shared_with_the_pool_answers_as_one_process_in_job_order() -> None:
    work = jobs(SHARE_MIN * 3 + 5)
    alone = [index_one(job) for job in work]
    pool = ready_pool()
    try:
        shared = index_files(work, pool)
        handed = pool.submitted
    finally:
        pool.shutdown()
    assert handed > 0  # the back half went to the worker, in chunks
    assert shared == alone
    assert [a.path for a in shared] == [job[0] for job in work]
    assert any(isinstance(answer, Skipped) for answer in shared)


def test_a_pool_not_yet_up_or_few_files_leave_the_work_here() -> None:
    pool = LazyPool(1, SCAN_PRELOAD)  # never warmed: not ready
    assert index_files(jobs(SHARE_MIN * 2), pool) == [index_one(job) for job in jobs(SHARE_MIN * 2)]
    assert not pool.started and pool.submitted == 0
    warm = ready_pool()
    try:
        few = jobs(SHARE_MIN - 1)
        assert index_files(few, warm) == [index_one(job) for job in few]
        assert warm.submitted == 0
    finally:
        warm.shutdown()


CONFLICTED = b"<<<<<<< HEAD\nfrom pkg.old import Engine\n=======\nfrom pkg.new import Engine\n>>>>>>> topic\n"
PY2 = b"import os\n\nprint 'legacy report', os.getcwd()\n"


@pytest.mark.parametrize(
    ("source", "line"),
    [(CONFLICTED, 1), (PY2, 3), (b"x = 1\n" + CONFLICTED, 2)],
    ids=["conflict", "py2", "later"],
)
def test_errors_no_python_accepts_are_skipped_with_their_line(source: bytes, line: int) -> None:
    skipped = index_source("app/bad.py", source, "app.bad", False)
    assert isinstance(skipped, Skipped)
    assert (skipped.reason, skipped.line) == (SkipReason.SYNTAX_ERROR, line)


def test_never_valid_only_for_conflict_markers_and_python_2_statements() -> None:
    assert never_valid("<<<<<<< HEAD\n", 1, "invalid syntax")
    assert never_valid("print 'x'\n", 1, "Missing parentheses in call to 'print'. Did you mean print(...)?")
    assert not never_valid("type X = int\n", 1, "invalid syntax")  # newer syntax: LibCST may know it
    assert not never_valid('"""\n<<<<<<< HEAD\n"""\nmatch x:\n', 4, "invalid syntax")
    assert not never_valid("x = (\n", 9, "'(' was never closed")


def test_a_conflicted_or_python_2_file_does_not_import_libcst() -> None:
    """``check`` never pays for LibCST's import over a file that no parser can read."""
    code = (
        "import sys\n"
        "from ssot_refactor.scan.index import index_source\n"
        f"index_source('a.py', {CONFLICTED!r}, 'a', False)\n"
        f"index_source('b.py', {PY2!r}, 'b', False)\n"
        "print('libcst' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_large_repository_is_told_from_its_git_index_in_a_linked_worktree_too(
    git_repo: RepoFactory, tmp_path: Path
) -> None:
    """``run`` scans a worktree, whose ``.git`` is a file naming the real folder."""
    small = git_repo({"a.py": "x = 1\n"})
    large = make_repo(tmp_path / "large", {f"m{number}.py": "x = 1\n" for number in range(300)})
    git(large, "worktree", "add", "-q", "--detach", str(tmp_path / "linked"))
    assert (tmp_path / "linked" / ".git").is_file()
    assert scanner._many_files(large) and scanner._many_files(tmp_path / "linked")
    assert not scanner._many_files(small) and not scanner._many_files(tmp_path)


# Python 3.10/3.11's executor thread, failing the futures of a broken pool, raises on one the
# scan took back (cancelled); 3.12 ignores that. Only that thread's traceback, not the answers.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_workers_that_die_leave_the_answers_whole() -> None:
    """A worker killed (out of memory, a signal) costs time, never a file of the index."""
    work = jobs(SHARE_MIN * 3)
    pool = ready_pool()
    try:
        for process in list(pool.executor()._processes.values()):  # the workers, to kill them
            process.kill()
            process.join()
        shared = index_files(work, pool)
    finally:
        pool.shutdown()
    assert shared == [index_one(job) for job in work]
