"""Redirect planning: the codemod context and the reviewer's notes for one redirect (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from ssot_refactor.audit import classify, missing_methods
from ssot_refactor.errors import PlanError
from ssot_refactor.model import (
    Edited,
    Failed,
    FileContext,
    FileEdit,
    Finding,
    FindingCode,
    LegacyKind,
    Severity,
    Skipped,
)
from ssot_refactor.redirects.cycles import check_cycles
from ssot_refactor.redirects.surface import Export, Reader, legacy_info, surface
from ssot_refactor.scan import ScanResult
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo, module_name_for
from ssot_refactor.spec import LegacyModule, Spec


@dataclass(frozen=True, slots=True)
class RedirectPlan:
    """What turning one legacy module into a redirect needs: the codemod's context and the notes."""

    path: str  #: the legacy module's repository path
    context: FileContext  #: for ``codemods.redirect_module.run``; ``exports`` holds the surface
    notes: tuple[Finding, ...] = ()  #: for the reviewer: behaviour that may change, names dropped


def plan_redirect(
    spec: Spec, entry: LegacyModule, result: ScanResult, source: bytes, *, read: Reader | None = None
) -> RedirectPlan:
    """The codemod context and the reviewer's notes for turning ``entry``'s module into a redirect.

    ``source`` is the legacy module's bytes as the earlier commits leave it; ``read`` gives the
    other files the same way for the cycle check (default: the scanned index and the disk).
    Raises PlanError for a needed name with no home or an import cycle.
    """
    path, _ = legacy_info(entry, result)
    module, is_package = module_name_for(path, result.source_roots)
    info = index_source(path, source, module, is_package)
    if isinstance(info, Skipped):
        raise PlanError(
            f"cannot parse ({info.detail}); file left unchanged", path=path, line=info.line or None
        )
    exports, notes = surface(spec, entry, result, path, info)
    check_cycles(entry, result, exports, read)
    context = FileContext(
        path=path,
        module=module or entry.module,
        is_package=is_package,
        name_map=spec.name_map.restricted_to([entry.module]),
        exports=exports,
        warn=entry.warn,
    )
    notes += behaviour_notes(entry, info, result, path)
    if not any(use.is_star for use in result.uses_of(entry.module)):  # else the star notes say it
        notes += dropped_names_note(info, exports, path)
    return RedirectPlan(path=path, context=context, notes=tuple(notes))


def behaviour_notes(entry: LegacyModule, info: ModuleInfo, result: ScanResult, path: str) -> list[Finding]:
    """For a bridge or duplicate: public methods of legacy classes that their canonical class lacks."""
    if classify(entry, info, path) not in (LegacyKind.BRIDGE, LegacyKind.DUPLICATE):
        return []
    lines = {klass.name: klass.line for klass in info.classes}
    mapped = dict(entry.names)
    return [
        Finding(
            path,
            lines.get(name, 0),
            f"{name} defines {', '.join(methods)}, which {mapped[name]} lacks; behaviour may change "
            "for code that still reaches the legacy name",
            code=FindingCode.REDIRECT_MISSING_METHODS,
        )
        for name, methods in missing_methods(entry, info, result)
    ]


def dropped_names_note(info: ModuleInfo, exports: Sequence[Export], path: str) -> list[Finding]:
    """Public names the legacy module defined that the redirect no longer provides (unused anywhere)."""
    provided = {name for name, _ in exports}
    imported = {record.local for record in info.module_level_bindings()}
    dropped = [
        name
        for name, _ in info.defined
        if not name.startswith("_") and name not in provided and name not in imported
    ]
    if not dropped:
        return []
    return [
        Finding(
            path,
            0,
            f"the redirect drops {', '.join(dropped)} (used nowhere in the repository; "
            "list a name in keep to make it a planning error instead)",
            severity=Severity.INFO,
            code=FindingCode.REDIRECT_DROPPED,
        )
    ]


def redirect_edit(plan: RedirectPlan, source: bytes) -> FileEdit | None:
    """Run the redirect codemod on ``source``: the edit, or None when it already is the redirect."""
    from codemods.redirect_module import run

    outcome = run(source, plan.context)
    if isinstance(outcome, Skipped):
        raise PlanError(
            f"cannot parse ({outcome.detail}); file left unchanged", path=plan.path, line=outcome.line or None
        )
    if isinstance(outcome, Failed):
        raise PlanError(
            f"internal error while writing the redirect: {outcome.error}",
            path=plan.path,
            hint="nothing was written; please report this with the file",
        )
    if not isinstance(outcome, Edited):
        return None
    return FileEdit(PurePosixPath(plan.path), source, outcome.after, plan.notes + outcome.findings)
