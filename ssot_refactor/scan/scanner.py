"""Scan stage: list, prefilter and index the repository, passes repeated until no re-export is new (read-only).

Only files whose bytes mention a legacy module path, a module's last component, a legacy
name, or a name/module that re-exports one are parsed, and only with the stdlib ``ast``. The
set of needles grows while re-exports are discovered, until nothing new is found.

In a git work tree one ``git grep`` per pass names the files that may match, and only those are
read; ``mentions`` still decides on their bytes, and is the whole prefilter without git.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ssot_refactor.gitrepo import Listing, grep_blind_spots, grep_files, list_files
from ssot_refactor.model import Skipped, SkipReason, Target
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan.bindings import LegacyUse, bindings_of, resolve_reexports
from ssot_refactor.scan.files import PYTHON_SUFFIXES, detect_source_roots, link_skips, select_files
from ssot_refactor.scan.indexing import IndexJob, index_files
from ssot_refactor.scan.prefilter import (
    GREP_MIN_FILES,
    Prefilter,
    initial_needles,
    mentions,
    reexport_needles,
    tail_needles,
)
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.spec import Spec

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What the scan found: the files, the index of candidates and every legacy binding."""

    root: Path
    files: tuple[str, ...]  #: every Python file under include/exclude
    source_roots: tuple[str, ...]
    modules: Mapping[str, str]  #: module name -> path, for every Python file
    index: Mapping[str, ModuleInfo]  #: path -> info, for the parsed candidates
    skipped: tuple[Skipped, ...]
    parsed: tuple[str, ...]  #: paths parsed, in order (what the prefilter let through)
    reexports: Mapping[tuple[str, str], Target]  #: (module, local name) -> legacy target
    uses: tuple[LegacyUse, ...]

    def path_of(self, module: str) -> str | None:
        """Repository path of a module in the repository, or None (external)."""
        return self.modules.get(module)

    def info_of(self, module: str) -> ModuleInfo | None:
        """Index entry of a module, when it was parsed."""
        path = self.modules.get(module)
        return self.index.get(path) if path else None

    def uses_of(self, legacy_module: str) -> tuple[LegacyUse, ...]:
        """Bindings leading to one legacy module, in path order."""
        return tuple(use for use in self.uses if use.legacy_module == legacy_module)

    @property
    def links(self) -> tuple[str, ...]:
        """The symbolic links the scan reported (Python files and folders), never rewritten."""
        return tuple(skip.path for skip in self.skipped if skip.reason is SkipReason.SYMLINK)

    def link_on(self, path: str) -> str | None:
        """The reported link that ``path`` is or lies below, or None: nothing may be written there."""
        return next((link for link in self.links if path == link or path.startswith(link + "/")), None)

    def link_of(self, module: str) -> str | None:
        """The reported link holding ``module`` (a linked file, or a module below a linked folder)."""
        for link in self.links:
            file = link.endswith(PYTHON_SUFFIXES)
            held, _ = module_name_for(link if file else f"{link}/__init__.py", self.source_roots)
            if held and (module == held or (not file and module.startswith(held + "."))):
                return link
        return None


# --------------------------------------------------------------------------- scan


def scan(
    root: Path,
    spec: Spec,
    progress: Progress | None = None,
    *,
    prefilter: Prefilter = Prefilter.AUTO,
    pool: LazyPool | None = None,
) -> ScanResult:
    """List, prefilter and index the repository at ``root`` for the legacy modules of ``spec``.

    ``pool``: the command's process pool; in a large repository its workers are started at once
    and take part in the indexing once they are up (``indexing.index_files``).
    """
    needles = initial_needles(spec)
    tails = tail_needles(spec)
    large = _many_files(root)
    early = _EarlyGrep(root, needles | tails, prefilter, large)
    if pool is not None and large:
        pool.warm()
    try:
        listing = list_files(root)  # while the first git grep runs
        return _scan_files(root, spec, listing, early, progress, prefilter, pool)
    finally:
        early.close()


def _scan_files(
    root: Path,
    spec: Spec,
    listing: Listing,
    early: _EarlyGrep,
    progress: Progress | None,
    prefilter: Prefilter,
    pool: LazyPool | None,
) -> ScanResult:
    every_file, links = listing
    include, exclude = spec.migration.include, spec.migration.exclude
    files = [path for path in select_files(every_file, include, exclude) if path not in links]
    roots = spec.migration.source_roots or detect_source_roots(every_file)
    modules: dict[str, str] = {}
    for path in files:
        module, _ = module_name_for(path, roots)
        if module is not None:
            modules.setdefault(module, path)
    state = _ScanState(root, roots, spec, prefilter, early, pool)
    must_read = {modules[m] for m in _anchor_modules(spec) if m in modules}
    needles = initial_needles(spec)
    tails = tail_needles(spec)
    pending = list(files)
    while pending:
        state.read(pending, needles, must_read, progress, tails)
        tails = set()  # the tails matched in the first pass; later passes add names only
        reexports = resolve_reexports(state.index.values(), spec, modules)
        new = reexport_needles(reexports, state.index) - state.needles_seen
        pending = state.unmatched if new else []
        needles = new
    reexports = resolve_reexports(state.index.values(), spec, modules)
    uses = tuple(
        use
        for path in sorted(state.index)
        for use in bindings_of(state.index[path], spec, modules, reexports)
    )
    skipped = link_skips(root, sorted(links), include, exclude) + state.skipped
    return ScanResult(
        root=root,
        files=tuple(files),
        source_roots=roots,
        modules=modules,
        index=dict(state.index),
        skipped=tuple(skipped),
        parsed=tuple(state.parsed),
        reexports=reexports,
        uses=uses,
    )


def _anchor_modules(spec: Spec) -> set[str]:
    """Legacy and canonical modules are always indexed (audit and redirects need them)."""
    anchors = {entry.module for entry in spec.legacy}
    anchors.update(target.module for entry in spec.legacy for _, target in entry.names)
    return anchors


class _EarlyGrep:
    """The first pass's ``git grep`` and the grep's blind spots, run while the files are listed.

    Both are git processes, so two threads wait for them beside ``tracked_files``; the first
    pass takes their answers when it greps for the same patterns.
    """

    def __init__(self, root: Path, patterns: set[bytes], prefilter: Prefilter, large: bool) -> None:
        self.patterns = patterns
        self._threads: ThreadPoolExecutor | None = None
        self._answers: tuple[Future[set[str] | None], Future[set[str] | None]] | None = None
        if prefilter is Prefilter.GIT_GREP or (prefilter is Prefilter.AUTO and large):
            self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ssot-grep")
            self._answers = (
                self._threads.submit(lambda: grep_files(root, patterns)),
                self._threads.submit(lambda: grep_blind_spots(root)),
            )

    def close(self) -> None:
        """Wait for the git processes (an answer nobody took is dropped)."""
        if self._threads is not None:
            self._threads.shutdown(wait=True)

    def take(self, patterns: set[bytes]) -> tuple[set[str] | None, set[str] | None] | None:
        """The answers (hits, blind spots) when they are for these patterns, once; else None."""
        answers, self._answers = self._answers, None
        if answers is None or patterns != self.patterns:
            return None
        return answers[0].result(), answers[1].result()


def _many_files(root: Path) -> bool:
    """Whether git's index may list ``GREP_MIN_FILES`` files or more (an entry takes 62 bytes or more).

    Only a guess, made before the files are listed: it decides whether the first git grep
    starts early and the command's pool is warmed, never whether an answer is used.
    """
    git = root / ".git"
    try:
        if git.is_file():  # a linked worktree (``run`` plans in one): "gitdir: <its folder>"
            git = root / git.read_text(encoding="utf-8").removeprefix("gitdir:").strip()
        return (git / "index").stat().st_size >= GREP_MIN_FILES * 62
    except (OSError, UnicodeDecodeError):
        return False


class _ScanState:
    """Reads files once each, indexing the ones that match; remembers the ones that did not."""

    def __init__(
        self,
        root: Path,
        roots: tuple[str, ...],
        spec: Spec,
        prefilter: Prefilter,
        early: _EarlyGrep | None = None,
        pool: LazyPool | None = None,
    ) -> None:
        self.root, self.roots, self.spec, self.prefilter = root, roots, spec, prefilter
        self.early, self.pool = early, pool
        self.blind_spots: set[str] | None = None  #: files git grep cannot vouch for, once asked
        self.index: dict[str, ModuleInfo] = {}
        self.skipped: list[Skipped] = []
        self.parsed: list[str] = []
        self.unmatched: list[str] = []
        self.needles_seen: set[bytes] = set()

    def read(
        self,
        paths: list[str],
        needles: set[bytes],
        must_read: set[str],
        progress: Progress | None,
        tails: Iterable[bytes] = (),
    ) -> None:
        self.needles_seen |= needles
        unmatched = []
        ordered = sorted(needles, key=len, reverse=True)
        maybe = self._grep(paths, needles.union(tails))
        matched: list[IndexJob | Skipped] = []  # in path order, with the files that could not be read
        for done, path in enumerate(paths, 1):
            if progress is not None and (done % 500 == 0 or done == len(paths)):
                progress(done, len(paths))
            if maybe is not None and path not in maybe and path not in must_read:
                unmatched.append(path)  # git grep found no needle and no tail in it
                continue
            data = self._read_bytes(path)
            if isinstance(data, Skipped):
                matched.append(data)
                continue
            if path in must_read or mentions(data, ordered, tails):
                matched.append((path, data, *module_name_for(path, self.roots)))
            else:
                unmatched.append(path)
        self.unmatched = unmatched
        self._index_all(matched)

    def _index_all(self, matched: list[IndexJob | Skipped]) -> None:
        """Index the matched files (on the pool too, when it is up) and record them in path order."""
        jobs = [job for job in matched if not isinstance(job, Skipped)]
        indexed = iter(index_files(jobs, self.pool))
        for job in matched:
            if isinstance(job, Skipped):
                self.skipped.append(job)
                continue
            self.parsed.append(job[0])
            result = next(indexed)
            if isinstance(result, Skipped):
                self.skipped.append(result)
            else:
                self.index[job[0]] = result

    def _grep(self, paths: list[str], patterns: set[bytes]) -> set[str] | None:
        """Files that may mention a pattern (git grep's hits and blind spots); None to read them all.

        A failed git grep turns the rest of the scan to Python: whatever made git unsure once
        (no work tree, an odd needle, an unreadable file) would do so again.
        """
        few = len(paths) < GREP_MIN_FILES
        if self.prefilter is Prefilter.PYTHON or (self.prefilter is Prefilter.AUTO and few):
            return None
        early = self.early.take(patterns) if self.early is not None else None
        if early is not None:
            hits, self.blind_spots = early
        else:
            hits = grep_files(self.root, patterns)
        if hits is not None and self.blind_spots is None:
            self.blind_spots = grep_blind_spots(self.root)
        if hits is None or self.blind_spots is None:
            self.prefilter = Prefilter.PYTHON
            return None
        return hits | self.blind_spots

    def _read_bytes(self, path: str) -> bytes | Skipped:
        try:
            return (self.root / path).read_bytes()
        except OSError as exc:
            return Skipped(path, SkipReason.NOT_A_FILE, exc.strerror or str(exc))
