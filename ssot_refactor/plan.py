"""Plan stage: run the codemods in memory and group the file edits into planned commits (pure).

Nothing is written. For each legacy module in spec order the plan holds the commit that points
its importers at the canonical names (optionally split per top-level package), so every
intermediate commit leaves every import resolvable. A file that imports several legacy modules
is edited in each module's commit in turn: each commit starts from the previous one's bytes.
Every edit passes the semantic safety check (its ``ast`` equals the input's after the declared
renames) before it enters the plan; a failure is a bug in the tool and stops planning.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ssot_refactor.errors import PlanError
from ssot_refactor.index import ModuleInfo, index_source, module_name_for
from ssot_refactor.model import (
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
    Target,
)
from ssot_refactor.scan import ScanResult
from ssot_refactor.spec import LegacyModule, Spec

TRAILER = "SSOT-Migration"
#: below this many files the pool's start-up costs more than it saves
PARALLEL_THRESHOLD = 24

Job = tuple[bytes, FileContext]


# --------------------------------------------------------------------------- running codemods


def rewrite_job(job: Job) -> FileResult:
    """Run the per-file codemod pipeline (a top-level function, so a worker process can run it)."""
    from codemods import rewrite_source

    source, ctx = job
    return rewrite_source(source, ctx)


def run_jobs(jobs: Sequence[Job], workers: int | None = None) -> list[FileResult]:
    """Rewrite files, in a process pool across all cores when there are enough of them.

    Results come back in job order; a worker never raises (failures are ``Failed`` results).
    The ``spawn``/``forkserver`` start methods are used: forking next to rich's refresh
    thread is unsafe on Python 3.12+.
    """
    workers = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        return [rewrite_job(job) for job in jobs]
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(rewrite_job, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


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


def plan_migration(
    spec: Spec, result: ScanResult, *, split_by: str | None = None, workers: int | None = None
) -> Plan:
    """Plan the whole migration: ordered commits, plus what was skipped and the warnings."""
    split = split_by or spec.migration.split_by
    tree = _Tree(result.root, {})
    commits: list[PlannedCommit] = []
    skipped: dict[str, Skipped] = {s.path: s for s in result.skipped}
    warnings: list[Finding] = []
    for entry in spec.legacy:
        edits, notes, skips = _plan_importers(spec, entry, result, tree, workers)
        warnings.extend(notes)
        skipped.update({s.path: s for s in skips})
        commits.extend(_importer_commits(spec, entry, edits, result, split))
    if split == "none" and commits:
        commits = [single_commit(spec, commits)]
    return Plan(
        commits=tuple(commits), blocked=(), skipped=tuple(sorted(skipped.values(), key=lambda s: s.path)),
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


def _plan_importers(
    spec: Spec, entry: LegacyModule, result: ScanResult, tree: _Tree, workers: int | None
) -> tuple[list[FileEdit], list[Finding], list[Skipped]]:
    name_map = module_name_map(spec, entry, result.reexports)
    paths = _files_to_rewrite(entry, name_map, result)
    imported_from = importers_by_module(result.index.values())
    contexts = {path: _context(path, name_map, spec, result, imported_from) for path in paths}
    results = dict(zip(paths, run_jobs([(tree.read(p), contexts[p]) for p in paths], workers)))
    renames = consumer_path_renames(results, contexts, tree)
    rerun = [p for p in _files_with_strings(renames, result) if p in result.index]
    if rerun:
        contexts.update({p: replace(contexts.get(p) or _context(p, name_map, spec, result, imported_from),
                                    path_renames=renames) for p in rerun})
        results.update(zip(rerun, run_jobs([(tree.read(p), contexts[p]) for p in rerun], workers)))
    return _collect(results, contexts, tree)


def _collect(
    results: Mapping[str, FileResult], contexts: Mapping[str, FileContext], tree: _Tree
) -> tuple[list[FileEdit], list[Finding], list[Skipped]]:
    edits: list[FileEdit] = []
    notes: list[Finding] = []
    skips: list[Skipped] = []
    for path in sorted(results):
        outcome = results[path]
        if isinstance(outcome, Failed):
            raise PlanError(f"internal error while rewriting: {outcome.error}", path=path,
                            hint="nothing was written; please report this with the file")
        if isinstance(outcome, Skipped):
            skips.append(outcome)
            continue
        notes.extend(outcome.findings)
        if isinstance(outcome, Edited):
            before = tree.read(path)
            ensure_equivalent(before, outcome.after, contexts[path])
            edits.append(FileEdit(PurePosixPath(path), before, outcome.after, outcome.findings))
            tree.contents[path] = outcome.after
    return edits, notes, skips


def ensure_equivalent(before: bytes, after: bytes, ctx: FileContext) -> None:
    """The semantic safety check: raise PlanError naming file:line on any undeclared change."""
    from ssot_refactor.equivalence import check_equivalent_bytes

    differences = check_equivalent_bytes(before, after, ctx)
    if differences:
        raise PlanError(
            f"safety check failed, the rewrite changed more than the declared renames: {differences[0]}",
            path=ctx.path, hint="nothing was written; please report this with the file",
        )


def _files_to_rewrite(entry: LegacyModule, name_map: NameMap, result: ScanResult) -> list[str]:
    """Files binding the legacy module or its names (directly or through a re-export) or naming their paths."""
    own = result.path_of(entry.module)
    paths = {use.path for use in result.uses if use.legacy_module == entry.module}
    dotted = [legacy.dotted for legacy, _ in name_map]
    for path, info in result.index.items():
        if any(_names_path(value, prefix) for _, value in info.strings for prefix in dotted):
            paths.add(path)
    paths.discard(own or "")
    return sorted(paths)


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


def consumer_path_renames(
    results: Mapping[str, FileResult], contexts: Mapping[str, FileContext], tree: _Tree
) -> tuple[tuple[str, str], ...]:
    """``module.Legacy`` -> ``module.Canonical`` for each module whose module-level import was renamed.

    Read from the rewritten files themselves (not predicted), so a patch target follows the
    name the consumer really binds after the rewrite.
    """
    renames: list[tuple[str, str]] = []
    for path, outcome in sorted(results.items()):
        ctx = contexts[path]
        if not isinstance(outcome, Edited) or ctx.module is None:
            continue
        before = index_source(path, tree.read(path), ctx.module, ctx.is_package)
        after = index_source(path, outcome.after, ctx.module, ctx.is_package)
        if isinstance(before, ModuleInfo) and isinstance(after, ModuleInfo):
            renames.extend(
                (f"{ctx.module}.{old}", f"{ctx.module}.{new}") for old, new in renamed_bindings(before, after, ctx.name_map)
            )
    return tuple(renames)


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
