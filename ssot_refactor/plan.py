"""Plan stage: run the codemods in memory and group the file edits into planned commits (pure).

Nothing is written. For each legacy module in spec order the plan holds the commit that points
its importers at the canonical names (optionally split per top-level package), so every
intermediate commit leaves every import resolvable. A file that imports several legacy modules
is edited in each module's commit in turn: each commit starts from the previous one's bytes.
Every edit passes the semantic safety check (its ``ast`` equals the input's after the declared
renames) before it enters the plan. A failure, like a codemod that fails, is a bug in the tool:
that file is skipped (it keeps its bytes and its legacy imports, and the legacy module's
redirect waits) and the rest of the migration is planned.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ssot_refactor.definitions import SignatureReader
from ssot_refactor.index import ModuleInfo, index_source, module_name_for
from ssot_refactor.members import BROKEN_MEMBER, MISSING_METHOD, member_checks
from ssot_refactor.members import CODES as MEMBER_CODES
from ssot_refactor.model import (
    Blocked,
    CallPlan,
    DryRun,
    Edited,
    Failed,
    FileContext,
    FileEdit,
    FileResult,
    Finding,
    NameMap,
    Plan,
    PlannedCommit,
    Skipped,
    SkipReason,
    Target,
    Unchanged,
)
from ssot_refactor.scan import LegacyUse, ScanResult
from ssot_refactor.spec import LegacyModule, Spec

TRAILER = "SSOT-Migration"
#: below this many files the pool's start-up costs more than it saves (a pool the plan already
#: started is used from two files on)
PARALLEL_THRESHOLD = 12

Job = tuple[bytes, FileContext]


# --------------------------------------------------------------------------- running codemods


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """One file's rewrite: the result, the bytes after the call rewrite, the context really used."""

    result: FileResult
    middle: bytes  #: after ``rewrite_calls``, before renames (the equivalence check starts here)
    ctx: FileContext  #: without the names whose calls are blocked in this file
    blocked: tuple[Finding, ...] = ()
    #: the safety check, already run where the file was rewritten: (bytes checked, differences)
    checked: tuple[bytes, tuple[str, ...]] | None = None
    #: module-level bindings the rewrite renamed, read where the file was rewritten: (bytes read, renames)
    renamed: tuple[bytes, tuple[tuple[str, str], ...]] | None = None


def rewrite_job(job: Job) -> JobOutcome:
    """Rewrite one file, then run the safety check on it and read which module-level bindings
    it renamed (in the worker, so this too runs in parallel)."""
    outcome = _rewrite(job)
    if not isinstance(outcome.result, Edited):
        return outcome
    from ssot_refactor.equivalence import check_equivalent_bytes

    after = outcome.result.after
    return replace(
        outcome,
        checked=(after, check_equivalent_bytes(outcome.middle, after, outcome.ctx)),
        renamed=(after, file_renames(job[0], after, outcome.ctx)),
    )


def _rewrite(job: Job) -> JobOutcome:
    """Rewrite one file (a top-level function, so a worker process can run it); never raises.

    Calls go first, with their own safety rule: a legacy name with a call that would not bind
    to the canonical signature is dropped from this file's name map, so the file keeps its
    legacy import of that name and nothing of it is renamed. Then the members the file reads
    on legacy classes and their instances are checked on the bytes the call rewrite left
    (``members``): a name with a member its canonical class lacks is dropped the same way, and
    its calls are rewritten again without it.
    """
    from codemods import rewrite_source
    from codemods.rewrite_calls import run as rewrite_calls
    from ssot_refactor.members import member_gaps

    source, ctx = job
    blocked: tuple[Finding, ...] = ()
    while True:
        calls: FileResult | None = None
        if ctx.calls:
            calls = rewrite_calls(source, ctx)
            if isinstance(calls, (Skipped, Failed)):
                return JobOutcome(calls, source, ctx, blocked)
        middle = calls.after if isinstance(calls, Edited) else source
        found = tuple(f for f in getattr(calls, "findings", ()) if f.code in BLOCKING) or member_gaps(middle, ctx)
        if not found:
            break
        narrower = without_names(ctx, blocked_targets(found))
        if len(narrower.name_map) == len(ctx.name_map):  # a blocking finding names nothing mapped
            return JobOutcome(Failed(ctx.path, f"cannot hold back {found[0]}"), source, ctx, blocked)
        blocked += found
        ctx = narrower
    if calls is None:
        return JobOutcome(rewrite_source(source, ctx), source, ctx, blocked)
    ctx = replace(ctx, calls=())  # the calls are done; the rest renames and moves imports
    rest = rewrite_source(middle, ctx)
    return JobOutcome(_merge(source, calls, middle, rest), middle, ctx, blocked)


BLOCKED_CALL = "blocked-call"
#: a call that binds neither the legacy nor the canonical signature (it fails today already)
BROKEN_CALL = "broken-call"
#: the finding codes that keep a file on a legacy name
BLOCKING = frozenset({BLOCKED_CALL, BROKEN_CALL, *MEMBER_CODES})


def blocked_targets(findings: Iterable[Finding]) -> set[Target]:
    """The legacy names (``module:Name``) that blocking findings keep in their file."""
    return {Target(f.subject.module, f.subject.head) for f in findings if f.subject is not None}


def without_names(ctx: FileContext, names: set[Target]) -> FileContext:
    """The context minus some legacy names (and their call plans): the file keeps importing them."""
    pairs = tuple(pair for pair in ctx.name_map if Target(pair[0].module, pair[0].head) not in names)
    calls = tuple(plan for plan in ctx.calls if Target(plan.legacy.module, plan.legacy.head) not in names)
    return replace(ctx, name_map=NameMap(pairs), calls=calls)


def _merge(source: bytes, calls: FileResult, middle: bytes, rest: FileResult) -> FileResult:
    """The two stages as one result: Skipped/Failed win; findings of both are kept."""
    if isinstance(rest, (Skipped, Failed)):
        return rest
    findings = tuple(getattr(calls, "findings", ())) + rest.findings
    after = rest.after if isinstance(rest, Edited) else middle
    if after == source:
        return Unchanged(rest.path, findings)
    return Edited(rest.path, after, findings)


def run_jobs(jobs: Sequence[Job], workers: int | None = None, pool: LazyPool | None = None) -> list[JobOutcome]:
    """Rewrite files, in a process pool across all cores when there are enough of them.

    Results come back in job order; a worker never raises (failures are ``Failed`` results).
    ``pool`` lets several calls share one pool (a plan uses one for all its legacy modules);
    without it a pool lives for this call only.
    """
    own = pool is None
    pool = pool or LazyPool(workers)
    try:
        if pool.workers < 2 or (len(jobs) < PARALLEL_THRESHOLD and not (pool.started and len(jobs) > 1)):
            return [rewrite_job(job) for job in jobs]
        # largest files first and small chunks, so no worker is left alone with a long tail
        order = sorted(range(len(jobs)), key=lambda number: -len(jobs[number][0]))
        chunks = max(1, min(4, len(jobs) // (pool.workers * 8)))
        done = pool.executor().map(rewrite_job, [jobs[number] for number in order], chunksize=chunks)
        outcomes: list[JobOutcome | None] = [None] * len(jobs)
        for number, outcome in zip(order, done):
            outcomes[number] = outcome
        return [outcome for outcome in outcomes if outcome is not None]
    finally:
        if own:
            pool.shutdown()


#: what the forkserver imports once, before it forks the workers
_PRELOAD = ["libcst", "libcst.metadata", "codemods", "codemods.rewrite_calls", "codemods.patch_targets",
            "ssot_refactor.equivalence"]


class LazyPool:
    """A process pool made on first use, sized to the machine.

    The ``forkserver`` start method (``spawn`` where there is none) is used: forking next to
    rich's refresh thread is unsafe on Python 3.12+. The forkserver imports LibCST and the
    codemods before it forks, so each worker starts warm.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOAD)
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._executor

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


# --------------------------------------------------------------------------- planning


@dataclass(slots=True)
class _Tree:
    """The repository's Python files as the planned commits leave them, read lazily."""

    root: Path
    contents: dict[str, bytes]

    def read(self, path: str) -> bytes:
        if path not in self.contents:
            self.contents[path] = (self.root / path).read_bytes()
        return self.contents[path]

    def original_line(self, path: str, line: int) -> int:
        """Where a line of the file as planned so far was in the file on disk (what the user reads)."""
        current = self.read(path)
        original = (self.root / path).read_bytes() if line else current
        if original == current:
            return line
        return map_line(current.splitlines(), original.splitlines(), line)

    def read_optional(self, path: str) -> bytes:
        """A file's bytes, or empty bytes for a file that does not exist yet."""
        if path not in self.contents and not (self.root / path).exists():
            return b""
        return self.read(path)


def map_line(after: Sequence[bytes], before: Sequence[bytes], line: int) -> int:
    """The 1-based line of ``before`` that line ``line`` of ``after`` comes from (nearest for a changed one)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        if new_start < line <= new_end:
            offset = line - 1 - new_start
            if tag != "equal":
                offset = min(offset, max(end - start - 1, 0))
            return min(start + offset, max(len(before) - 1, 0)) + 1
    return line


def plan_migration(
    spec: Spec, result: ScanResult, *, split_by: str | None = None, workers: int | None = None
) -> Plan:
    """Plan the whole migration: ordered commits, plus what was skipped and the warnings."""
    split = split_by or spec.migration.split_by
    tree = _Tree(result.root, {})
    commits: list[PlannedCommit] = []
    skipped: dict[str, Skipped] = {s.path: s for s in result.skipped}
    warnings: list[Finding] = []
    from ssot_refactor.signatures import call_plans

    reader = SignatureReader(result)  # one cache of parsed definitions for the calls and members
    plans = call_plans(spec, result, reader)
    redirected: dict[str, tuple[tuple[str, Target], ...]] = {}
    blocked: list[Blocked] = []
    pool = LazyPool(workers)
    try:
        for entry in spec.legacy:
            work = _plan_importers(spec, entry, result, tree, pool, plans, reader)
            warnings.extend(work.notes)
            skipped.update({s.path: s for s in work.skips})
            commits.extend(_importer_commits(spec, entry, work.edits, result, split))
            blocked.extend(blocked_calls(spec, entry, work.blocked))
            held = redirect_holds(entry, work, result.link_of(entry.module)) if entry.redirect else []
            blocked.extend(held)
            if entry.redirect and not held:
                redirect = _redirect_commit(spec, entry, result, tree, redirected)
                if redirect is not None:
                    commits.append(redirect)
    finally:
        pool.shutdown()
    blocked.extend(_add_validation_test(spec, result, tree, commits, redirected))
    if split == "none" and commits:
        commits = [single_commit(spec, commits)]
    return Plan(
        commits=tuple(commits), blocked=tuple(blocked), skipped=tuple(sorted(skipped.values(), key=lambda s: s.path)),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def module_name_map(spec: Spec, entry: LegacyModule, reexports: Mapping[tuple[str, str], Target]) -> NameMap:
    """The legacy module's own mapping plus every re-export of its mapped names (by re-exporting module)."""
    own = spec.name_map.restricted_to([entry.module])
    extra = []
    for (module, local), target in sorted(reexports.items()):
        canonical = own.canonical_for(target.module, target.name)
        if canonical is not None:
            extra.append((Target(module, local), canonical))
    return NameMap(own.pairs + tuple(extra))


@dataclass(slots=True)
class _ModuleWork:
    """What planning one legacy module's importers produced."""

    edits: list[FileEdit]
    notes: list[Finding]
    skips: list[Skipped]
    blocked: list[Finding]  #: call sites that keep their file on the legacy module


def _plan_importers(
    spec: Spec, entry: LegacyModule, result: ScanResult, tree: _Tree, pool: LazyPool,
    plans: Sequence[CallPlan], reader: SignatureReader,
) -> _ModuleWork:
    from ssot_refactor.signatures import plans_for

    name_map = module_name_map(spec, entry, result.reexports)
    calls = plans_for(plans, name_map)
    members = member_checks(reader, name_map)
    paths = _files_to_rewrite(entry, name_map, result)
    imported_from = importers_by_module(result.index.values())

    kept_paths = reexport_paths_kept(name_map, entry)

    def context(path: str) -> FileContext:
        ctx = _context(path, name_map, spec, result, imported_from)
        return replace(ctx, calls=calls, members=members, path_renames=kept_paths)

    def rewrite(chosen: list[str]) -> None:
        chosen = [p for p in chosen if not is_internal_error(results.get(p))]  # a skip is final
        outcomes = run_jobs([(tree.read(p), contexts[p]) for p in chosen], pool=pool)
        results.update({path: screen(outcome) for path, outcome in zip(chosen, outcomes)})

    contexts = {path: context(path) for path in paths}
    results: dict[str, JobOutcome] = {}
    rewrite(paths)
    renames = consumer_path_renames(results, tree)
    used: tuple[tuple[str, str], ...] = ()
    # a file the rerun skips takes its renames back, so rerun the strings until the renames
    # hold; skips are final, so the renames only shrink and this ends
    while renames != used:
        rerun = [p for p in _files_with_strings(renames + used, result) if p in result.index]
        used = renames
        contexts.update({p: replace(contexts.get(p) or context(p), path_renames=kept_paths + used) for p in rerun})
        rewrite(rerun)
        renames = consumer_path_renames(results, tree)
    return _collect(results, tree)


def _collect(results: Mapping[str, JobOutcome], tree: _Tree) -> _ModuleWork:
    """The screened outcomes of one legacy module's files as edits, notes, skips and blocked sites."""
    work = _ModuleWork([], [], [], [])
    for path in sorted(results):
        job = screen(results[path])
        outcome = job.result
        # findings are reported at the file's lines on disk, not at those an earlier commit left
        work.blocked.extend(replace(f, line=tree.original_line(path, f.line)) for f in job.blocked)
        if isinstance(outcome, Skipped):
            work.skips.append(replace(outcome, line=tree.original_line(path, outcome.line)))
            continue
        assert not isinstance(outcome, Failed)  # screen made every failure a skip
        work.notes.extend(
            replace(f, line=tree.original_line(path, f.line)) for f in outcome.findings if f.code not in BLOCKING
        )
        if isinstance(outcome, Edited):
            work.edits.append(FileEdit(PurePosixPath(path), tree.read(path), outcome.after, outcome.findings))
            tree.contents[path] = outcome.after
    return work


#: what every skip for an internal error says after its reason
REPORT_IT = "this is a bug in ssot-refactor; please report it with the file"
_LINE = re.compile(r"\bline (\d+)")


def screen(job: JobOutcome) -> JobOutcome:
    """The outcome with a failed codemod or a failed safety check turned into a skip of the file.

    The semantic safety check runs here unless a worker already ran it on these very bytes;
    a skipped file keeps its bytes (and its legacy imports), so the rest of the plan proceeds.
    """
    outcome = job.result
    if isinstance(outcome, Failed):
        return replace(job, result=internal_error(outcome.path, f"the rewrite failed: {outcome.error}"))
    if not isinstance(outcome, Edited):
        return job
    differences = job.checked[1] if job.checked is not None and job.checked[0] == outcome.after else None
    if differences is None:
        from ssot_refactor.equivalence import check_equivalent_bytes

        differences = check_equivalent_bytes(job.middle, outcome.after, job.ctx)
    if not differences:
        return job
    found = _LINE.search(differences[0])
    detail = f"safety check failed, the rewrite changed more than the declared renames: {differences[0]}"
    return replace(job, result=internal_error(outcome.path, detail, int(found.group(1)) if found else 0))


def is_internal_error(job: JobOutcome | None) -> bool:
    """Whether a file was skipped because the tool failed on it."""
    return job is not None and isinstance(job.result, Skipped) and job.result.reason is SkipReason.INTERNAL_ERROR


def internal_error(path: str, detail: str, line: int = 0) -> Skipped:
    """The skip of a file the tool failed on, saying it is a bug to report."""
    return Skipped(path, SkipReason.INTERNAL_ERROR, f"{detail}; {REPORT_IT}", line)


def reexport_paths_kept(name_map: NameMap, entry: LegacyModule) -> tuple[tuple[str, str], ...]:
    """Dotted paths through re-exporting modules stay as written in strings (identity rules).

    ``mock.patch("app.consumer.Engine")`` patches the name where app.consumer looks it up; the
    consumer still binds that name unless it was renamed, which ``consumer_path_renames`` adds.
    """
    return tuple((legacy.dotted, legacy.dotted) for legacy, _ in name_map if legacy.module != entry.module)


def _files_to_rewrite(entry: LegacyModule, name_map: NameMap, result: ScanResult) -> list[str]:
    """Files binding the legacy module or its names (directly or through a re-export) or naming their paths."""
    own = result.path_of(entry.module)
    paths = {use.path for use in result.uses if use.legacy_module == entry.module and needs_codemod(use, name_map)}
    dotted = [legacy.dotted for legacy, _ in name_map]
    for path, info in result.index.items():
        if any(_names_path(value, prefix) for _, value in info.strings for prefix in dotted):
            paths.add(path)
    paths.discard(own or "")
    return sorted(paths)


def needs_codemod(use: LegacyUse, name_map: NameMap) -> bool:
    """Whether a binding can lead to an edit or a warning; only then is its file parsed with LibCST.

    A file that imports only unmapped names of a legacy module is left as it is, unparsed.
    """
    record = use.record
    if use.is_star:
        return True  # left unchanged, but reported
    if use.target is not None:
        return name_map.canonical_for(use.target.module, use.target.name) is not None
    mapped = set(name_map.names_in(use.legacy_module))
    if any(attr in mapped for attr, _ in use.attrs):
        return True
    chained = sum(count for _, count in record.attrs)
    return not use.reach and record.uses > chained


def _names_path(value: str, prefix: str) -> bool:
    return value == prefix or value.startswith(prefix + ".")


def importers_by_module(infos: Iterable[ModuleInfo]) -> dict[str, set[str]]:
    """For each module, the names other files import from it (``from m import X``, ``m.X``)."""
    found: dict[str, set[str]] = defaultdict(set)
    for info in infos:
        for record in info.imports:
            if record.name not in (None, "*") and record.module:
                found[record.module].add(str(record.name))
            for attr, _ in record.attrs:
                found[record.target_module if record.name else record.module].add(attr)
    return found


def _context(
    path: str, name_map: NameMap, spec: Spec, result: ScanResult, imported_from: Mapping[str, set[str]]
) -> FileContext:
    module, is_package = module_name_for(path, result.source_roots)
    return FileContext(
        path=path, module=module, is_package=is_package, name_map=name_map,
        keep_local_names=spec.migration.keep_local_names,
        reexported=frozenset(imported_from.get(module or "", ())),
    )


def consumer_path_renames(results: Mapping[str, JobOutcome], tree: _Tree) -> tuple[tuple[str, str], ...]:
    """``module.Legacy`` -> ``module.Canonical`` for each module whose module-level import was renamed.

    Read from the rewritten files themselves (not predicted), so a patch target follows the
    name the consumer really binds after the rewrite.
    """
    renames: list[tuple[str, str]] = []
    for path, job in sorted(results.items()):
        outcome = job.result
        if not isinstance(outcome, Edited):
            continue
        if job.renamed is not None and job.renamed[0] == outcome.after:
            renames.extend(job.renamed[1])
        else:
            renames.extend(file_renames(tree.read(path), outcome.after, job.ctx))
    return tuple(renames)


def file_renames(before: bytes, after: bytes, ctx: FileContext) -> tuple[tuple[str, str], ...]:
    """``module.Legacy`` -> ``module.Canonical`` for the module-level imports one rewrite renamed."""
    if ctx.module is None:
        return ()
    old = index_source(ctx.path, before, ctx.module, ctx.is_package)
    new = index_source(ctx.path, after, ctx.module, ctx.is_package)
    if not (isinstance(old, ModuleInfo) and isinstance(new, ModuleInfo)):
        return ()
    return tuple(
        (f"{ctx.module}.{local}", f"{ctx.module}.{renamed}")
        for local, renamed in renamed_bindings(old, new, ctx.name_map)
    )


def renamed_bindings(before: ModuleInfo, after: ModuleInfo, name_map: NameMap) -> Iterator[tuple[str, str]]:
    """Module-level legacy bindings that the rewrite replaced by a canonical binding of another name."""
    old = {r.local: r for r in before.module_level_bindings() if r.name not in (None, "*")}
    new = {r.local: r for r in after.module_level_bindings() if r.name not in (None, "*")}
    for local, record in old.items():
        canonical = name_map.canonical_for(record.module, str(record.name))
        if canonical is None or local in new:
            continue
        for new_local, new_record in new.items():
            if (new_record.module, new_record.name) == (canonical.module, canonical.head) and new_local not in old:
                yield local, new_local
                break


def _files_with_strings(renames: Sequence[tuple[str, str]], result: ScanResult) -> list[str]:
    prefixes = [old for old, _ in renames]
    return sorted(
        path for path, info in result.index.items()
        if any(_names_path(value, prefix) for _, value in info.strings for prefix in prefixes)
    )


# --------------------------------------------------------------------------- commits


def _importer_commits(
    spec: Spec, entry: LegacyModule, edits: list[FileEdit], result: ScanResult, split: str
) -> Iterator[PlannedCommit]:
    if not edits:
        return
    groups = _split(edits, result, split)
    canonical = sorted({target.module for _, target in entry.names})
    destination = canonical[0] if len(canonical) == 1 else "the canonical names"
    for package, group in groups:
        scope = f" in {package}" if package else ""
        title = f"refactor(ssot): point importers of {entry.module}{scope} at {destination}"
        yield PlannedCommit(title=title, body=commit_body(spec, entry, group), edits=tuple(group))


def _split(edits: list[FileEdit], result: ScanResult, split: str) -> list[tuple[str, list[FileEdit]]]:
    if split != "package":
        return [("", edits)]
    groups: dict[str, list[FileEdit]] = defaultdict(list)
    for edit in edits:
        module, _ = module_name_for(str(edit.path), result.source_roots)
        groups[(module or str(edit.path)).split(".")[0].split("/")[0]].append(edit)
    return sorted(groups.items())


def blocked_calls(spec: Spec, entry: LegacyModule, sites: Sequence[Finding]) -> Iterator[Blocked]:
    """One Blocked per legacy name whose calls could not be rewritten, with the rule that would help,
    and one per member of a legacy class that the canonical class lacks.

    Calls that bind neither signature, and members neither class has (broken before the
    migration), are listed apart: no rule makes them work, they need fixing by hand.
    """
    by_name: dict[tuple[Target, str, bool], list[Finding]] = defaultdict(list)
    for site in sites:
        for target in blocked_targets([site]):
            by_name[(target, site.member, site.code in (BROKEN_CALL, BROKEN_MEMBER))].append(site)
    index = spec.legacy.index(entry)
    for (target, member, broken), found in sorted(by_name.items()):
        files = sorted({f.path for f in found})
        if member:
            yield _blocked_member(target, member, broken, found, index)
        elif broken:
            yield Blocked(
                what=f"calls of {target} in {len(files)} file(s) that are already broken",
                reason="they bind neither the legacy nor the canonical signature, so they fail before the "
                       "migration too; those files keep importing the legacy name",
                unblock="fix the calls by hand (see each site); no [[legacy.calls]] rule can make them bind",
                sites=tuple(found),
            )
        else:
            yield Blocked(
                what=f"calls of {target} in {len(files)} file(s)",
                reason="they would not bind to the canonical signature; those files keep importing the legacy name",
                unblock=f'add a [[legacy.calls]] rule with name = "{target.name}" to legacy[{index}] '
                        "(canonical callable, keywords, rename, drop, add; same_signature = true when the calls "
                        "bind as written), or change the calls by hand",
                sites=tuple(found),
            )


def _blocked_member(target: Target, member: str, broken: bool, found: Sequence[Finding], index: int) -> Blocked:
    files = len({f.path for f in found})
    if broken:
        return Blocked(
            what=f"uses of {target}.{member} in {files} file(s) that are already broken",
            reason=f"neither the legacy nor the canonical class defines {member!r}, so they fail before the "
                   "migration too; those files keep importing the legacy name",
            unblock="fix the uses by hand (see each site)",
            sites=tuple(found),
        )
    rule = ""
    if any(f.code == MISSING_METHOD for f in found):
        rule = (f'add a [[legacy.calls]] rule with name = "{target.name}.{member}" and canonical = '
                f'"module:Callable" (what to call instead) to legacy[{index}], or ')
    return Blocked(
        what=f"uses of {target}.{member} in {files} file(s)",
        reason=f"the canonical class (its body and its bases in the repository) defines no {member!r}, so the "
               "renamed access would raise AttributeError; those files keep importing the legacy name",
        unblock=f"{rule}define {member} on the canonical class, or change the uses by hand",
        sites=tuple(found),
    )


def redirect_holds(entry: LegacyModule, work: _ModuleWork, link: str | None) -> list[Blocked]:
    """Why the redirect of ``entry`` must wait: a link, blocked calls, files skipped for an internal error.

    Those files keep using the legacy module as it is, so it stays as it is until they move.
    """
    if link is not None:
        return [linked_redirect(entry, link)]
    held = [blocked_redirect(entry, work.blocked)] if work.blocked else []
    failed = [skip for skip in work.skips if skip.reason is SkipReason.INTERNAL_ERROR]
    if failed:
        held.append(skipped_redirect(entry, [skip.path for skip in failed]))
    return held


def linked_redirect(entry: LegacyModule, link: str) -> Blocked:
    """The redirect left out because the legacy module is a symbolic link (links are never rewritten)."""
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{link} is a symbolic link; links are never rewritten",
        unblock=f"replace {link} by a regular file, or set redirect = false",
    )


def skipped_redirect(entry: LegacyModule, paths: Sequence[str]) -> Blocked:
    """The redirect left out because files skipped for an internal error still use the legacy module."""
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{len(paths)} file(s) skipped for an internal error keep using the legacy module: {', '.join(paths[:5])}",
        unblock="migrate them by hand (and report the bug); the redirect commit is planned once none is skipped",
    )


def blocked_redirect(entry: LegacyModule, sites: Sequence[Finding]) -> Blocked:
    """The redirect left out because blocked files still need the legacy implementation."""
    files = sorted({site.path for site in sites})
    return Blocked(
        what=f"redirect of {entry.module}",
        reason=f"{len(files)} file(s) keep using the legacy implementation: {', '.join(files[:5])}",
        unblock="unblock their calls and member uses (see above); the redirect commit is planned once "
                "nothing is blocked",
    )


def _redirect_commit(
    spec: Spec, entry: LegacyModule, result: ScanResult, tree: _Tree,
    redirected: dict[str, tuple[tuple[str, Target], ...]],
) -> PlannedCommit | None:
    """The commit that turns one legacy module into a pure redirect (after its importers moved)."""
    from ssot_refactor.redirects import plan_redirect, redirect_edit

    path = result.path_of(entry.module)
    if path is None:
        return None
    source = tree.read(path)
    redirect = plan_redirect(spec, entry, result, source, read=tree.read)
    redirected[entry.module] = redirect.context.exports
    edit = redirect_edit(redirect, source)
    if edit is None:
        return None
    tree.contents[path] = edit.after
    canonical = sorted({target.module for _, target in entry.names})
    mode = " with deprecation warnings" if entry.warn else ""
    lines = [f"{entry.module} now only hands out the canonical objects{mode}:", ""]
    lines += [f"- {name} -> {target}" for name, target in redirect.context.exports]
    notes = [str(note) for note in edit.notes]
    if notes:
        lines += ["", "Review:"] + [f"- {note}" for note in notes]
    lines += ["", f"{TRAILER}: {spec.migration.name}"]
    destination = canonical[0] if len(canonical) == 1 else "the canonical names"
    title = f"refactor(ssot): turn {entry.module} into a redirect to {destination}"
    return PlannedCommit(title=title, body="\n".join(lines), edits=(edit,))


def _add_validation_test(
    spec: Spec, result: ScanResult, tree: _Tree, commits: list[PlannedCommit],
    redirected: Mapping[str, tuple[tuple[str, Target], ...]],
) -> list[Blocked]:
    """Put the generated import-validation test (``[migration] tests``) into the last redirect commit.

    Returns what held it back: a test path that is, or lies below, a symbolic link.
    """
    path = spec.migration.tests
    if not path or not redirected:
        return []
    link = result.link_on(path)
    if link is not None:
        return [Blocked(what=f"import-validation test {path}", reason=f"{link} is a symbolic link; links are never rewritten",
                        unblock="set [migration] tests to a path that is not a link")]
    from ssot_refactor.redirects import import_validation_test

    text = import_validation_test(spec, redirected).encode()
    before = tree.read_optional(path)
    if before == text:
        return []
    position = max((i for i, c in enumerate(commits) if " into a redirect" in c.title), default=None)
    edit = FileEdit(PurePosixPath(path), before, text)
    tree.contents[path] = text
    if position is None:
        title = f"test(ssot): guard the {spec.migration.name} redirects"
        commits.append(PlannedCommit(title, f"Import validation test.\n\n{TRAILER}: {spec.migration.name}", (edit,)))
        return []
    commit = commits[position]
    commits[position] = PlannedCommit(commit.title, commit.body, commit.edits + (edit,))
    return []


def single_commit(spec: Spec, commits: Sequence[PlannedCommit]) -> PlannedCommit:
    """All planned commits as one (``--split-by none``): each file from its first before to its last after."""
    merged: dict[PurePosixPath, FileEdit] = {}
    for commit in commits:
        for edit in commit.edits:
            earlier = merged.get(edit.path)
            merged[edit.path] = edit if earlier is None else FileEdit(
                edit.path, earlier.before, edit.after, earlier.notes + edit.notes
            )
    edits = tuple(sorted(merged.values(), key=lambda e: str(e.path)))
    lines = ["Mapping:"] + [f"- {entry.module}:{name} -> {target}" for entry in spec.legacy for name, target in entry.names]
    lines += ["", f"Files: {len(edits)}", "", f"{TRAILER}: {spec.migration.name}"]
    title = f"refactor(ssot): consolidate {spec.migration.name} onto the canonical names"
    return PlannedCommit(title=title, body="\n".join(lines), edits=edits)


def commit_body(spec: Spec, entry: LegacyModule, edits: Sequence[FileEdit]) -> str:
    """The mapping, the number of files, notes left for the reviewer, and the trailer."""
    lines = ["Mapping:"]
    lines += [f"- {entry.module}:{name} -> {target}" for name, target in entry.names]
    lines += ["", f"Files: {len(edits)}"]
    notes = [str(note) for edit in edits for note in edit.notes]
    if notes:
        lines += ["", "Left unchanged (review):"] + [f"- {note}" for note in notes]
    lines += ["", f"{TRAILER}: {spec.migration.name}"]
    return "\n".join(lines)


def plan_repository(
    repo: Path, spec_path: Path | None = None, *, split_by: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Load the spec, scan and plan: what ``diff`` shows and ``run`` applies."""
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.scan import scan
    from ssot_refactor.spec import load_spec

    spec = load_spec(repo, spec_path)
    result = scan(repo, spec, progress)
    refuse_external_redirects(spec, result)
    return plan_migration(spec, result, split_by=split_by)


def dry_run(
    repo: Path, spec_path: Path | None = None, *, split_by: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DryRun:
    """What ``diff`` reports: the plan, and the legacy references ``check`` will still find after it."""
    from ssot_refactor.audit import refuse_external_redirects
    from ssot_refactor.check import remaining_references
    from ssot_refactor.scan import scan
    from ssot_refactor.spec import load_spec

    spec = load_spec(repo, spec_path)
    result = scan(repo, spec, progress)
    refuse_external_redirects(spec, result)
    plan = plan_migration(spec, result, split_by=split_by)
    return DryRun(plan, remaining_references(spec, result, plan))
