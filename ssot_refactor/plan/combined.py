"""One rewrite for a file that imports several legacy modules, cut into their commits (pure).

Without this a file importing 29 legacy modules is parsed, rewritten and checked 29 times,
one after the other (each module's commit starts from the previous one's bytes), and a pool
cannot help because each step waits for the last. Here such a file is rewritten once with all
its modules' mappings, in a worker, and checked once; ``cut`` then splits the result into the
version after each module's commit. When the rewrite or the cut fails the file falls back to
one rewrite per module, so the plan is never worse than before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ssot_refactor.model import (
    CallPlan,
    Edited,
    FileContext,
    Finding,
    MemberCheck,
    NameMap,
    Target,
    Unchanged,
)
from ssot_refactor.plan import jobs, pipeline  # modules, so tests can watch pipeline.rewrite_file
from ssot_refactor.plan.cut import Cut, cut, owner_of_line
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.spec import Spec


@dataclass(frozen=True, slots=True)
class ModuleSetup:
    """One legacy module's share of the plan, known before any file is rewritten."""

    name_map: NameMap
    calls: tuple[CallPlan, ...]
    members: tuple[MemberCheck, ...]
    paths: tuple[str, ...]  #: the files its commit may edit
    kept_paths: tuple[tuple[str, str], ...]  #: dotted paths through re-exports that stay as written
    #: files skipped with ``--skip`` that its commits would edit (importers, and its own file when
    #: it is to become a redirect); they are not in ``paths``
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CutFile:
    """A file rewritten once for several legacy modules: its bytes and findings per module's commit."""

    modules: tuple[int, ...]  #: indexes of the legacy modules (spec order) whose commits edit it
    source: bytes
    states: tuple[bytes, ...]  #: the file after each of those commits (the last: fully migrated)
    findings: tuple[tuple[Finding, ...], ...]  #: per module: what its commit reports about the file
    blocked: tuple[tuple[Finding, ...], ...]  #: per module: the sites that keep its legacy names
    renames: tuple[
        tuple[tuple[str, str], ...], ...
    ]  #: per module: the module-level bindings its commit renames
    final: ModuleInfo | None = None  #: the index of the fully migrated file

    def outcome(self, module: int, ctx: FileContext) -> pipeline.JobOutcome:
        """What rewriting the file for one module's commit gives, as a job outcome."""
        at = self.modules.index(module)
        before = self.states[at - 1] if at else self.source
        after = self.states[at]
        path = ctx.path
        result = (
            Edited(path, after, self.findings[at]) if after != before else Unchanged(path, self.findings[at])
        )
        # the combined rewrite passed the safety check and each cut version parses and defines
        # every name the file did (``cut``), so the check is not run again on each version
        last = at == len(self.states) - 1 and self.final is not None
        return pipeline.JobOutcome(
            result,
            before,
            ctx,
            self.blocked[at],
            checked=(after, ()),
            renamed=(after, self.renames[at]),
            on_disk=True,
            indexed=(after, self.final) if last and self.final is not None else None,
        )


CombinedJob = tuple[bytes, FileContext, tuple[NameMap, ...], ModuleInfo | None]


@dataclass(frozen=True, slots=True)
class CutResult:
    """What a worker sends back for one combined job."""

    states: tuple[bytes, ...]
    findings: tuple[tuple[Finding, ...], ...]
    blocked: tuple[tuple[Finding, ...], ...]
    renames: tuple[tuple[tuple[str, str], ...], ...]
    final: ModuleInfo | None = None  #: the index of the fully migrated file, when read


def combined_job(job: CombinedJob) -> CutResult | None:
    """Rewrite a file with all its legacy modules' mappings, check it and cut it (in a worker).

    None when the rewrite is not an edit that passed the safety check, or cannot be cut: the
    file then takes one rewrite per module.
    """
    source, ctx, maps, info = job
    outcome = pipeline.screen(pipeline.rewrite_file((source, ctx)))
    result = outcome.result
    if isinstance(result, Edited):
        done = cut(source, result.after, ctx, maps, info)
        if done is None:
            return None
        states = list(done.states)
        known = (info, outcome.indexed[1] if outcome.indexed and outcome.indexed[0] == result.after else None)
        renames, final = _renames_by_module(source, result.after, ctx, maps, done, known)

        def owner(found: Finding) -> int:
            return _owner(found, maps, source, done)
    elif isinstance(result, Unchanged):
        states = [source] * len(maps)
        renames, final = [()] * len(maps), None

        def owner(found: Finding) -> int:
            return _owner(found, maps, source, None)
    else:
        return None
    findings: list[list[Finding]] = [[] for _ in maps]
    blocked: list[list[Finding]] = [[] for _ in maps]
    for found in result.findings:
        findings[owner(found)].append(found)
    for found in outcome.blocked:
        blocked[owner(found)].append(found)
    return CutResult(
        tuple(states), tuple(map(tuple, findings)), tuple(map(tuple, blocked)), tuple(renames), final
    )


def _renames_by_module(
    source: bytes,
    after: bytes,
    ctx: FileContext,
    maps: Sequence[NameMap],
    done: Cut,
    known: tuple[ModuleInfo | None, ModuleInfo | None] = (None, None),
) -> tuple[list[tuple[tuple[str, str], ...]], ModuleInfo | None]:
    """``module.Legacy`` -> ``module.Canonical`` for the module-level imports each module's commit
    renames, and the index of the rewrite it read.

    Read once from the whole rewrite; a rename belongs to the commit that takes the change of
    its import's line. ``known``: indexes already read of ``source`` (the scan's) and of ``after``
    (the rewrite's), used when they were read as this file's module.
    """
    found: list[list[tuple[str, str]]] = [[] for _ in maps]
    old = _same_module(known[0], ctx) or index_source(ctx.path, source, ctx.module, ctx.is_package)
    new = _same_module(known[1], ctx) or index_source(ctx.path, after, ctx.module, ctx.is_package)
    final = new if isinstance(new, ModuleInfo) else None
    if ctx.module is None or not (isinstance(old, ModuleInfo) and isinstance(new, ModuleInfo)):
        return [()] * len(maps), final
    for record, renamed in pipeline.renamed_records(old, new, ctx.name_map):
        at = owner_of_line(source, record.line, done.hunks, done.owner)
        found[0 if at is None else at].append((f"{ctx.module}.{record.local}", f"{ctx.module}.{renamed}"))
    return [tuple(renames) for renames in found], final


def _same_module(info: ModuleInfo | None, ctx: FileContext) -> ModuleInfo | None:
    """``info`` when it indexes ``ctx``'s file under the same module name, else None."""
    if info is None or (info.path, info.module, info.is_package) != (ctx.path, ctx.module, ctx.is_package):
        return None
    return info


def _owner(found: Finding, maps: Sequence[NameMap], source: bytes, done: Cut | None) -> int:
    """The module whose commit reports a finding: the one mapping its subject, else the one whose
    commit takes the changes on its line, else the first."""
    subject = found.subject
    if subject is not None:
        for k, name_map in enumerate(maps):
            if Target(subject.module, subject.head) in {
                Target(legacy.module, legacy.head) for legacy, _ in name_map
            }:
                return k
    if done is not None and found.line:
        at = owner_of_line(source, found.line, done.hunks, done.owner)
        if at is not None:
            return at
    return 0


def combined_paths(
    spec: Spec, setups: Sequence[ModuleSetup], result: ScanResult
) -> dict[str, tuple[int, ...]]:
    """The files to rewrite once for several legacy modules, with those modules' indexes.

    Left to one rewrite per module: a legacy module's own file (its redirect commit replaces
    it in between), the generated validation test, and a file with a dotted-path string that
    names an importer module (it is rewritten again once those importers' renames are known).
    """
    modules_of: dict[str, list[int]] = defaultdict(list)
    for k, setup in enumerate(setups):
        for path in setup.paths:
            modules_of[path].append(k)
    own = {result.path_of(entry.module) for entry in spec.legacy}
    importers = {module_name_for(path, result.source_roots)[0] for path in modules_of}
    chosen = {}
    for path, modules in modules_of.items():
        info = result.index.get(path)
        if len(modules) < 2 or path in own or path == spec.migration.tests or info is None:
            continue
        if any(_prefixes(value) & importers for _, value in info.strings):
            continue
        chosen[path] = tuple(modules)
    return chosen


def _prefixes(dotted: str) -> set[str | None]:
    parts = dotted.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


def combined_jobs(
    chosen: Mapping[str, tuple[int, ...]],
    setups: Sequence[ModuleSetup],
    contexts: Mapping[str, FileContext],
    result: ScanResult,
) -> list[tuple[str, CombinedJob]]:
    """The combined rewrite of every chosen file, in path order.

    Files that import the same legacy modules share one merged context (the mappings of many
    modules, with their re-exports, are merged once per combination, not once per file).
    """
    work = []
    merged: dict[tuple[int, ...], FileContext] = {}
    for path in sorted(chosen):
        modules = chosen[path]
        if modules not in merged:
            merged[modules] = combined_context(contexts[path], [setups[k] for k in modules])
        shared = merged[modules]
        ctx = replace(
            contexts[path],
            name_map=shared.name_map,
            calls=shared.calls,
            members=shared.members,
            path_renames=shared.path_renames,
        )
        source = (result.root / path).read_bytes()
        work.append((path, (source, ctx, tuple(setups[k].name_map for k in modules), result.index.get(path))))
    return work


def cut_files(
    chosen: Mapping[str, tuple[int, ...]],
    work: Sequence[tuple[str, CombinedJob]],
    done: Sequence[CutResult | None],
) -> dict[str, CutFile]:
    """The files whose combined rewrite could be cut, from the results of ``combined_job``."""
    return {
        path: CutFile(
            chosen[path], job[0], found.states, found.findings, found.blocked, found.renames, found.final
        )
        for (path, job), found in zip(work, done)
        if found is not None
    }


def plan_combined(
    chosen: Mapping[str, tuple[int, ...]],
    setups: Sequence[ModuleSetup],
    contexts: Mapping[str, FileContext],
    result: ScanResult,
    pool: LazyPool,
) -> dict[str, CutFile]:
    """Rewrite and cut every chosen file, the largest first, across the pool; the ones that could be cut."""
    work = combined_jobs(chosen, setups, contexts, result)
    done = jobs.run_jobs([job for _, job in work], pool=pool, function=combined_job)
    return cut_files(chosen, work, done)


def combined_context(ctx: FileContext, setups: Sequence[ModuleSetup]) -> FileContext:
    """One file's context with the mappings, call plans, member checks and kept paths of several modules."""
    return replace(
        ctx,
        name_map=NameMap(tuple(dict.fromkeys(pair for setup in setups for pair in setup.name_map))),
        calls=tuple(dict.fromkeys(plan for setup in setups for plan in setup.calls)),
        members=tuple(dict.fromkeys(check for setup in setups for check in setup.members)),
        path_renames=tuple(dict.fromkeys(pair for setup in setups for pair in setup.kept_paths)),
    )
