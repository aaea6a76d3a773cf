"""The per-file pipeline of a plan: one file, all its legacy mappings, one safety check (pure).

``rewrite_file`` is what the planner runs on each file (in a pool worker): the call rewrite
with its blocking rule, the member checks, the codemods (``codemods.rewrite_source``: names,
imports, dotted strings), then the semantic safety check and the read of which module-level
bindings the rewrite renamed. It never raises: a codemod's failure is a ``Failed`` result and
``screen`` turns it, like a failed safety check, into a skip of that file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ssot_refactor.model import (
    Edited,
    Failed,
    FileContext,
    FileResult,
    Finding,
    NameMap,
    Skipped,
    SkipReason,
    Target,
    Unchanged,
    source_tree,
)
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.namespace import module_level_imports
from ssot_refactor.scan.records import ImportRecord, ModuleInfo, resolve_relative

if TYPE_CHECKING:
    from ssot_refactor.equivalence import Difference

Job = tuple[bytes, FileContext]


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """One file's rewrite: the result, the bytes after the call rewrite, the context really used."""

    result: FileResult
    middle: bytes  #: after ``rewrite_calls``, before renames (the equivalence check starts here)
    ctx: FileContext  #: without the names whose calls are blocked in this file
    blocked: tuple[Finding, ...] = ()
    #: the safety check, already run where the file was rewritten: (bytes checked, differences)
    checked: tuple[bytes, tuple[Difference, ...]] | None = None
    #: module-level bindings the rewrite renamed, read where the file was rewritten: (bytes read, renames)
    renamed: tuple[bytes, tuple[tuple[str, str], ...]] | None = None
    #: the findings' lines are already those of the file on disk (a cut of a combined rewrite)
    on_disk: bool = False
    #: the index of the rewritten bytes, read where the file was rewritten: (bytes indexed, index)
    indexed: tuple[bytes, ModuleInfo] | None = None


def rewrite_file(job: Job) -> JobOutcome:
    """Rewrite one file, then run the safety check on it and read which module-level bindings
    it renamed (in the worker, so this too runs in parallel)."""
    outcome = _rewrite(job)
    if not isinstance(outcome.result, Edited):
        return outcome
    from ssot_refactor.equivalence import check_equivalent_bytes

    after = outcome.result.after
    renames, info = renames_and_index(job[0], after, outcome.ctx)
    return replace(
        outcome,
        checked=(after, check_equivalent_bytes(outcome.middle, after, outcome.ctx)),
        renamed=(after, renames),
        indexed=None if info is None else (after, info),
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
    from ssot_refactor.scan.members import member_gaps

    source, ctx = job
    blocked: tuple[Finding, ...] = ()
    while True:
        calls: FileResult | None = None
        if ctx.calls:
            calls = rewrite_calls(source, ctx)
            if isinstance(calls, (Skipped, Failed)):
                return JobOutcome(calls, source, ctx, blocked)
        middle = calls.after if isinstance(calls, Edited) else source
        found = tuple(f for f in getattr(calls, "findings", ()) if f.code.is_blocking) or member_gaps(
            middle, ctx
        )
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


#: what every skip for an internal error says after its reason
REPORT_IT = "this is a bug in ssot-refactor; please report it with the file"


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
    first = differences[0]
    detail = f"safety check failed, the rewrite changed more than the declared renames: {first}"
    return replace(job, result=internal_error(outcome.path, detail, first.line))


def is_internal_error(job: JobOutcome | None) -> bool:
    """Whether a file was skipped because the tool failed on it."""
    return (
        job is not None and isinstance(job.result, Skipped) and job.result.reason is SkipReason.INTERNAL_ERROR
    )


def internal_error(path: str, detail: str, line: int = 0) -> Skipped:
    """The skip of a file the tool failed on, saying it is a bug to report."""
    return Skipped(path, SkipReason.INTERNAL_ERROR, f"{detail}; {REPORT_IT}", line)


def file_renames(before: bytes, after: bytes, ctx: FileContext) -> tuple[tuple[str, str], ...]:
    """``module.Legacy`` -> ``module.Canonical`` for the module-level imports one rewrite renamed."""
    return renames_and_index(before, after, ctx)[0]


def renames_and_index(
    before: bytes, after: bytes, ctx: FileContext
) -> tuple[tuple[tuple[str, str], ...], ModuleInfo | None]:
    """``file_renames``, and the index of ``after`` it read (None for a file outside any package)."""
    if ctx.module is None:
        return (), None
    new = index_source(ctx.path, after, ctx.module, ctx.is_package)
    old = _from_imports(before, ctx)  # the module-level from-imports are all it needs of ``before``
    if not (old is not None and isinstance(new, ModuleInfo)):
        return (), new if isinstance(new, ModuleInfo) else None
    renames = tuple(
        (f"{ctx.module}.{local}", f"{ctx.module}.{renamed}")
        for local, renamed in _renamed(old, new, ctx.name_map)
    )
    return renames, new


def _from_imports(source: bytes, ctx: FileContext) -> dict[str, tuple[str, str]] | None:
    """The names the module-level from-imports of ``source`` bind (local -> module, name), as the
    index reads them; None when the file does not index."""
    tree = source_tree(source)
    if tree is None:  # the index may still read it (newer syntax), or say it cannot
        info = index_source(ctx.path, source, ctx.module, ctx.is_package)
        return None if not isinstance(info, ModuleInfo) else _bound_by(info)
    return {
        alias.asname or alias.name: (
            resolve_relative(ctx.module, ctx.is_package, node.level, node.module),
            alias.name,
        )
        for node in module_level_imports(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name != "*"
    }


def _bound_by(info: ModuleInfo) -> dict[str, tuple[str, str]]:
    return {r.local: (r.module, r.name) for r in info.module_level_bindings() if r.name not in (None, "*")}


def renamed_records(
    before: ModuleInfo, after: ModuleInfo, name_map: NameMap
) -> Iterator[tuple[ImportRecord, str]]:
    """Each module-level legacy import the rewrite replaced, with the local name of its canonical binding."""
    records = {r.local: r for r in before.module_level_bindings() if r.name not in (None, "*")}
    for local, new_local in _renamed(_bound_by(before), after, name_map):
        yield records[local], new_local


def _renamed(
    old: dict[str, tuple[str, str]], after: ModuleInfo, name_map: NameMap
) -> Iterator[tuple[str, str]]:
    """(local, new local) for each legacy binding of ``old`` the rewrite replaced by a canonical one."""
    new = _bound_by(after)
    for local, (module, name) in old.items():
        canonical = name_map.canonical_for(module, name)
        if canonical is None or local in new:
            continue
        for new_local, new_binding in new.items():
            if new_binding == (canonical.module, canonical.head) and new_local not in old:
                yield local, new_local
                break
