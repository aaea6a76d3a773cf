"""Planning one legacy module's importers: which files, with which context, and their edits (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from ssot_refactor.model import (
    CallPlan,
    Edited,
    Failed,
    FileContext,
    FileEdit,
    Finding,
    NameMap,
    Skipped,
    Target,
)
from ssot_refactor.plan.combined import CutFile, ModuleSetup
from ssot_refactor.plan.jobs import run_jobs
from ssot_refactor.plan.pipeline import JobOutcome, file_renames, is_internal_error, screen
from ssot_refactor.plan.tree import Tree
from ssot_refactor.pool import LazyPool
from ssot_refactor.scan import LegacyUse, ScanResult
from ssot_refactor.scan.definitions import SignatureReader
from ssot_refactor.scan.members import member_checks
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.spec import LegacyModule, Spec


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
class ModuleWork:
    """What planning one legacy module's importers produced."""

    edits: list[FileEdit]
    notes: list[Finding]
    skips: list[Skipped]
    blocked: list[Finding]  #: call sites that keep their file on the legacy module
    #: files skipped with ``--skip`` that keep the legacy module in use (its redirect waits)
    kept: list[str] = field(default_factory=list)
    #: files skipped with ``--skip`` that the dotted-path string reruns would have rewritten,
    #: each with its strings that will name nothing once the consumers are renamed
    withheld: dict[str, list[Finding]] = field(default_factory=dict)


def module_setup(
    spec: Spec,
    entry: LegacyModule,
    result: ScanResult,
    plans: Sequence[CallPlan],
    reader: SignatureReader,
    skip: frozenset[str] = frozenset(),
) -> ModuleSetup:
    """One legacy module's mapping (re-exports included), call plans, member checks and files.

    A file in ``skip`` is left out of its files (so no rewrite, combined or not, reads it) and
    listed apart, with the module's own file when the redirect commit would rewrite it.
    """
    from ssot_refactor.scan.signatures import plans_for

    name_map = module_name_map(spec, entry, result.reexports)
    paths = _files_to_rewrite(entry, name_map, result)
    own = result.path_of(entry.module) if entry.redirect else None
    return ModuleSetup(
        name_map=name_map,
        calls=tuple(plans_for(plans, name_map)),
        members=tuple(member_checks(reader, name_map)),
        paths=tuple(path for path in paths if path not in skip),
        kept_paths=reexport_paths_kept(name_map, entry),
        skipped=tuple(path for path in sorted({*paths, own or ""}) if path in skip),
    )


def plan_importers(
    spec: Spec,
    index: int,
    setup: ModuleSetup,
    result: ScanResult,
    tree: Tree,
    pool: LazyPool,
    imported_from: Mapping[str, set[str]],
    cuts: Mapping[str, CutFile],
    skip: frozenset[str] = frozenset(),
    ahead: Mapping[str, tuple[bytes, FileContext, JobOutcome]] | None = None,
) -> ModuleWork:
    """Rewrite the importers of legacy module ``index`` on the tree the earlier commits leave.

    A file that was rewritten once for several modules (``cuts``) takes its cut for this
    module instead of being rewritten again. A file in ``skip`` is never rewritten, not even
    by the dotted-path string reruns. ``ahead``: rewrites made before (``plan.ahead``), taken
    for a file whose bytes and context are still the ones they were made for.
    """
    ahead = ahead or {}

    def context(path: str) -> FileContext:
        return importer_context(path, setup, spec, result, imported_from)

    def rewrite(chosen: list[str]) -> None:
        # a skip is final, and so is a cut
        chosen = [p for p in chosen if not is_internal_error(results.get(p)) and p not in cut_paths]
        todo = []
        for path in chosen:
            made = ahead.get(path)
            if made is not None and made[0] == tree.read(path) and made[1] == contexts[path]:
                results[path] = screen(made[2])  # rewritten ahead for these very bytes and context
            else:
                todo.append(path)
        outcomes = run_jobs([(tree.read(p), contexts[p]) for p in todo], pool=pool)
        results.update({path: screen(outcome) for path, outcome in zip(todo, outcomes)})

    contexts = {path: context(path) for path in setup.paths}
    results: dict[str, JobOutcome] = {}
    for path in setup.paths:
        if path in cuts:
            outcome = cuts[path].outcome(index, contexts[path])
            if tree.read(path) == outcome.middle:  # nothing but its own cuts edited it so far
                results[path] = outcome
    cut_paths = set(results)
    rewrite(list(setup.paths))
    renames = consumer_path_renames(results, tree)
    used: tuple[tuple[str, str], ...] = ()
    withheld: dict[str, list[Finding]] = {}
    # a file the rerun skips takes its renames back, so rerun the strings until the renames
    # hold; skips are final, so the renames only shrink and this ends
    while renames != used:
        rerun = [p for p in _files_with_strings(renames + used, result) if p in result.index]
        withheld.update((p, stale_strings(p, result.index[p], renames)) for p in rerun if p in skip)
        rerun = [p for p in rerun if p not in skip]
        used = renames
        contexts.update(
            {p: replace(contexts.get(p) or context(p), path_renames=setup.kept_paths + used) for p in rerun}
        )
        rewrite(rerun)
        renames = consumer_path_renames(results, tree)
    module = spec.legacy[index].module
    kept = [path for path in setup.skipped if keeps_using(path, module, result)]
    return replace(_collect(results, tree), kept=kept, withheld=withheld)


def _collect(results: Mapping[str, JobOutcome], tree: Tree) -> ModuleWork:
    """The screened outcomes of one legacy module's files as edits, notes, skips and blocked sites."""
    work = ModuleWork([], [], [], [])
    for path in sorted(results):
        job = screen(results[path])
        outcome = job.result
        # findings are reported at the file's lines on disk, not at those an earlier commit left
        on_disk = job.on_disk

        def line(found: int, path: str = path, on_disk: bool = on_disk) -> int:
            return found if on_disk else tree.original_line(path, found)

        work.blocked.extend(replace(f, line=line(f.line)) for f in job.blocked)
        if isinstance(outcome, Skipped):
            work.skips.append(replace(outcome, line=line(outcome.line)))
            continue
        assert not isinstance(outcome, Failed)  # screen made every failure a skip
        work.notes.extend(replace(f, line=line(f.line)) for f in outcome.findings if not f.code.is_blocking)
        if isinstance(outcome, Edited):
            work.edits.append(FileEdit(PurePosixPath(path), tree.read(path), outcome.after, outcome.findings))
            tree.contents[path] = outcome.after
            if job.indexed is not None:
                tree.indexed[path] = job.indexed
    return work


def reexport_paths_kept(name_map: NameMap, entry: LegacyModule) -> tuple[tuple[str, str], ...]:
    """Dotted paths through re-exporting modules stay as written in strings (identity rules).

    ``mock.patch("app.consumer.Engine")`` patches the name where app.consumer looks it up; the
    consumer still binds that name unless it was renamed, which ``consumer_path_renames`` adds.
    """
    return tuple((legacy.dotted, legacy.dotted) for legacy, _ in name_map if legacy.module != entry.module)


def _files_to_rewrite(entry: LegacyModule, name_map: NameMap, result: ScanResult) -> list[str]:
    """Files binding the legacy module or its names (directly or through a re-export) or naming their paths."""
    own = result.path_of(entry.module)
    paths = {
        use.path for use in result.uses if use.legacy_module == entry.module and needs_codemod(use, name_map)
    }
    dotted = [legacy.dotted for legacy, _ in name_map]
    for path, info in result.index.items():
        if any(_names_path(value, prefix) for _, value in info.strings for prefix in dotted):
            paths.add(path)
    paths.discard(own or "")
    return sorted(paths)


def keeps_using(path: str, module: str, result: ScanResult) -> bool:
    """Whether a file left as it is keeps legacy ``module`` in use: it is the module, binds it
    (directly or through a re-export) or names it in a dotted-path string.

    A file whose strings only name a re-exporting module (``"app.consumer.Engine"``) does not.
    """
    if result.path_of(module) == path or any(
        use.path == path and use.legacy_module == module for use in result.uses
    ):
        return True
    info = result.index.get(path)
    return info is not None and any(_names_path(value, module) for _, value in info.strings)


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


def stale_strings(path: str, info: ModuleInfo, renames: Sequence[tuple[str, str]]) -> list[Finding]:
    """The dotted strings of a skipped file that name a consumer's binding the plan renames
    (``mock.patch("app.consumer.Engine")``): as written they will name nothing."""
    return [
        Finding(
            path,
            line,
            f'"{value}" will name nothing: {old.rsplit(".", 1)[0]} will bind {new.rsplit(".", 1)[-1]}, '
            f'not {old.rsplit(".", 1)[-1]} (write "{new}{value[len(old) :]}")',
        )
        for line, value in info.strings
        for old, new in renames
        if _names_path(value, old)
    ]


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


def importer_context(
    path: str, setup: ModuleSetup, spec: Spec, result: ScanResult, imported_from: Mapping[str, set[str]]
) -> FileContext:
    """The context of a file in one legacy module's importers' commit."""
    ctx = file_context(path, setup.name_map, spec, result, imported_from)
    return replace(ctx, calls=setup.calls, members=setup.members, path_renames=setup.kept_paths)


def file_context(
    path: str, name_map: NameMap, spec: Spec, result: ScanResult, imported_from: Mapping[str, set[str]]
) -> FileContext:
    module, is_package = module_name_for(path, result.source_roots)
    return FileContext(
        path=path,
        module=module,
        is_package=is_package,
        name_map=name_map,
        keep_local_names=spec.migration.keep_local_names,
        reexported=frozenset(imported_from.get(module or "", ())),
    )


def consumer_path_renames(results: Mapping[str, JobOutcome], tree: Tree) -> tuple[tuple[str, str], ...]:
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


def _files_with_strings(renames: Sequence[tuple[str, str]], result: ScanResult) -> list[str]:
    prefixes = [old for old, _ in renames]
    return sorted(
        path
        for path, info in result.index.items()
        if any(_names_path(value, prefix) for _, value in info.strings for prefix in prefixes)
    )
