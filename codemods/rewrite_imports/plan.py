"""The plan ``rewrite_imports`` builds before it edits: new statements and reference rewrites (pure).

The planners (``planner``, ``module_planner``) read scope metadata through ``MetaView`` and
fill an ``ImportPlan`` keyed by original nodes (through ``draft.Draft``); the command's
``leave_*`` methods only build what the plan says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import Access, BaseAssignment, Scope

from codemods._support import dotted_name
from codemods.rewrite_imports.nodes import GroupKey
from ssot_refactor.model import Finding

Binding = tuple[str, str, str]  #: (module, imported name, local name) an import makes
#: what binding a name anew would capture or shadow: ``(name, is_allowed) -> conflict or None``
Conflict = Callable[[str, Callable[[BaseAssignment], bool]], BaseAssignment | Access | None]


@dataclass(frozen=True)
class MetaView:
    """The metadata lookups the planner needs, as plain callables."""

    line_of: Callable[[cst.CSTNode], int]
    scope_of: Callable[[cst.CSTNode], Scope | None]
    parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]
    is_load: Callable[[cst.CSTNode], bool]
    text: Callable[[], str] = lambda: ""  #: the module's source (cached by the command)
    #: ``bindings.first_conflict`` over every scope of the file, when not from ``scope_of``'s scopes
    conflict: Conflict | None = None


@dataclass
class StatementPlan:
    """One import statement after the rewrite: the aliases it keeps and the imports it grows."""

    aliases: list[cst.ImportAlias] = field(default_factory=list)
    groups: dict[GroupKey, list[cst.ImportAlias]] = field(default_factory=dict)
    changed: bool = False
    #: id of each alias written -> id of the statement's alias it comes from (its comments follow it)
    origins: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Occurrence:
    """One binding an import statement makes after the rewrite, and where it is written."""

    statement: cst.Import | cst.ImportFrom
    plan: StatementPlan
    names: list[cst.ImportAlias]  #: the list of ``plan`` (kept aliases or a group) holding ``alias``
    alias: cst.ImportAlias
    binding: Binding
    block: int  #: the id of the block (module, function body, ``try:`` suite...) of the statement
    moved: bool  #: True for a binding the rewrite makes, False for one the file already had


def later_duplicates(occurrences: Sequence[Occurrence]) -> list[tuple[Occurrence, Occurrence]]:
    """The occurrences that bind again what an earlier one in the same block binds, each after
    the earliest one.

    Only a pair where one side moved counts: duplicates the file already had are not ours to
    touch. The earliest binding is the one kept, so nothing between the two reads an unbound
    name; a binding in another block (another function, the other branch of a ``try``) is never
    a duplicate.
    """
    first: dict[tuple[int, Binding], Occurrence] = {}
    found: list[tuple[Occurrence, Occurrence]] = []
    for occurrence in occurrences:
        earlier = first.setdefault((occurrence.block, occurrence.binding), occurrence)
        if earlier is not occurrence and (earlier.moved or occurrence.moved):
            found.append((earlier, occurrence))
    return found


@dataclass
class ImportPlan:
    """Every edit of ``rewrite_imports``, keyed by original nodes."""

    statements: dict[cst.CSTNode, StatementPlan] = field(default_factory=dict)
    names: dict[cst.Name, str] = field(default_factory=dict)
    attributes: dict[cst.Attribute, str] = field(default_factory=dict)
    strings: dict[cst.SimpleString, dict[str, str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def own_key(statement: cst.Import | cst.ImportFrom) -> GroupKey:
    """The group key of the statement as written, so moved aliases can merge into it."""
    if isinstance(statement, cst.Import):
        return GroupKey(False, 0, "")
    module = "" if statement.module is None else (dotted_name(statement.module) or "")
    return GroupKey(True, len(statement.relative), module)
