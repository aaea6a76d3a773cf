"""Scope facts shared by the codemods: legacy imports, their references, and free names (read-only).

Built once per file from LibCST's ScopeProvider inside ``visit_Module``; the codemods' ``leave_*``
methods then only look up what these objects decided.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment, BuiltinAssignment, Scope

from codemods._support.facts import LineOf, StatementVisitor
from codemods._support.names import dotted_name
from codemods._support.relative import resolve_module
from ssot_refactor.model import FileContext, Target


@dataclass(frozen=True, eq=False)
class LegacyName:
    """One ``from legacy import Name [as local]`` binding of a mapped legacy name."""

    statement: cst.ImportFrom
    alias: cst.ImportAlias
    legacy: Target
    canonical: Target
    local: str
    assignment: BaseAssignment | None
    line: int

    @property
    def has_alias(self) -> bool:
        """True when the file chose the local name itself (``as Y``)."""
        return self.alias.asname is not None


def import_module_of(statement: cst.ImportFrom, ctx: FileContext) -> str | None:
    """The absolute module an ImportFrom reads from; None when a relative one cannot resolve."""
    relative = "" if statement.module is None else (dotted_name(statement.module) or "")
    return resolve_module(relative, len(statement.relative), ctx.module, ctx.is_package)


def local_name(alias: cst.ImportAlias) -> str:
    """The name an import alias binds (``Y`` in ``X as Y``, ``a`` in ``import a.b``)."""
    if alias.asname is not None:
        return dotted_name(cst.ensure_type(alias.asname.name, cst.Name)) or ""
    return dotted_name(alias.name) or ""


def assignment_for(scope: Scope | None, name: str, statement: cst.CSTNode) -> BaseAssignment | None:
    """The scope assignment that ``statement`` records for ``name``."""
    if scope is None:
        return None
    for assignment in scope.assignments[name]:
        if isinstance(assignment, Assignment) and assignment.node is statement:
            return assignment
    return None


def all_scopes(metadata: Iterable[object]) -> tuple[Scope, ...]:
    """The distinct scopes among ScopeProvider's values."""
    seen: dict[int, Scope] = {}
    for scope in metadata:
        if isinstance(scope, Scope):
            seen.setdefault(id(scope), scope)
    return tuple(seen.values())


def other_referents(assignment: BaseAssignment, allowed: set[BaseAssignment]) -> list[BaseAssignment]:
    """The bindings outside ``allowed`` that an access of ``assignment`` may read.

    A rebinding of the same name in the same scope counts even when nothing reads the name
    here (``except ImportError: Engine = None``): other modules may import it from this one.
    """
    found: dict[int, BaseAssignment] = {}
    for access in assignment.references:
        for referent in access.referents:
            if referent not in allowed:
                found.setdefault(id(referent), referent)
    for other in assignment.scope.assignments[assignment.name]:
        if other is not assignment and other not in allowed:
            found.setdefault(id(other), other)
    return list(found.values())


def first_conflict(
    scopes: Iterable[Scope], name: str, is_allowed: Callable[[BaseAssignment], bool]
) -> BaseAssignment | Access | None:
    """A binding or use of ``name`` that binding it anew would capture or shadow, if any."""
    for scope in scopes:
        for assignment in scope.assignments[name]:
            if not is_allowed(assignment):
                return assignment
        for access in scope.accesses[name]:
            referents = access.referents
            if not referents or any(not is_allowed(r) for r in referents):
                return access
    return None


def is_name_free(scopes: Iterable[Scope], name: str, is_allowed: Callable[[BaseAssignment], bool]) -> bool:
    """True when binding ``name`` cannot capture or shadow anything else in the file."""
    return first_conflict(scopes, name, is_allowed) is None


def conflict_line(conflict: BaseAssignment | Access, line_of: LineOf) -> int:
    """The line of a conflicting binding or use (0 for a builtin)."""
    if isinstance(conflict, Access):
        return line_of(conflict.node)
    return line_of_assignment(conflict, line_of)


def iter_aliases(statement: cst.ImportFrom) -> Iterator[cst.ImportAlias]:
    """The aliases of an ImportFrom (none for a star import)."""
    if not isinstance(statement.names, cst.ImportStar):
        yield from statement.names


def binds_target(assignment: BaseAssignment, target: Target, ctx: FileContext) -> bool:
    """True when ``assignment`` is a from-import of ``target`` itself or of a legacy alias of it."""
    if isinstance(assignment, BuiltinAssignment) or not isinstance(assignment, Assignment):
        return False
    statement = assignment.node
    if not isinstance(statement, cst.ImportFrom):
        return False
    module = import_module_of(statement, ctx)
    for alias in iter_aliases(statement):
        if local_name(alias) != assignment.name or module is None:
            continue
        name = dotted_name(alias.name) or ""
        if (module, name) == (target.module, target.name):
            return True
        if ctx.name_map.canonical_for(module, name) == target:
            return True
    return False


def line_of_assignment(assignment: BaseAssignment, line_of: LineOf) -> int:
    """The line of the statement that makes ``assignment`` (0 for builtins)."""
    if isinstance(assignment, Assignment):
        return line_of(assignment.node)
    return 0


class _ImportFromCollector(StatementVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.ImportFrom] = []

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.found.append(node)
        return False


def import_froms(module: cst.Module) -> tuple[cst.ImportFrom, ...]:
    """Every ImportFrom in the module, at any depth, in source order."""
    collector = _ImportFromCollector()
    module.visit(collector)
    return tuple(collector.found)


def legacy_names(
    module: cst.Module,
    ctx: FileContext,
    scope_of: Callable[[cst.CSTNode], Scope | None],
    line_of: LineOf,
) -> tuple[LegacyName, ...]:
    """Every binding of a mapped legacy name made by a from-import, in source order."""
    found: list[LegacyName] = []
    for statement in import_froms(module):
        source = import_module_of(statement, ctx)
        if source is None or not ctx.name_map.is_legacy_module(source):
            continue
        for alias in iter_aliases(statement):
            name = dotted_name(alias.name) or ""
            canonical = ctx.name_map.canonical_for(source, name)
            if canonical is None:
                continue
            local = local_name(alias)
            assignment = assignment_for(scope_of(alias), local, statement)
            legacy = Target(source, name)
            found.append(
                LegacyName(statement, alias, legacy, canonical, local, assignment, line_of(statement))
            )
    return tuple(found)
