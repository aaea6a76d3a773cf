"""The import plan of one file while the planners write it: what they read, how they record (pure).

``planner.Planner`` (from-imports of legacy names) and ``module_planner.ModulePlanner``
(imports of legacy modules) write into one ``Draft`` and read the file through it: the
context, the metadata (``MetaView``) and the scopes. Neither planner holds the other, so
``planner`` uses ``module_planner`` and nothing points back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment, Scope

from codemods._support import dotted_name, first_conflict, import_module_of, local_name, relative_form
from codemods.rewrite_imports.nodes import GroupKey
from codemods.rewrite_imports.plan import Binding, ImportPlan, MetaView, Occurrence, StatementPlan, own_key
from ssot_refactor.model import FileContext, Finding


class Draft:
    """The ``ImportPlan`` being written for one file, and every binding written into it so far."""

    def __init__(self, ctx: FileContext, scopes: Callable[[], tuple[Scope, ...]], meta: MetaView) -> None:
        self.ctx = ctx
        self._scopes = scopes
        self.meta = meta
        self.plan = ImportPlan()
        self.occurrences: list[Occurrence] = []

    @functools.cached_property
    def scopes(self) -> tuple[Scope, ...]:
        """Every scope of the file, computed on first use (plain from-imports never ask)."""
        return self._scopes()

    def first_conflict(
        self, name: str, is_allowed: Callable[[BaseAssignment], bool]
    ) -> BaseAssignment | Access | None:
        """A binding or use of ``name`` that binding it anew would capture or shadow, if any."""
        if self.meta.conflict is not None:
            return self.meta.conflict(name, is_allowed)
        return first_conflict(self.scopes, name, is_allowed)

    def warn(self, line: int, message: str) -> None:
        """Record an unsafe spot left unchanged."""
        self.plan.findings.append(Finding(self.ctx.path, line, message))

    def block_of(self, statement: cst.CSTNode) -> int:
        """The id of the block the statement is written in (its line's parent)."""
        line = self.meta.parent_of(statement)
        return id(self.meta.parent_of(line) if line is not None else None)

    def record(
        self,
        statement: cst.Import | cst.ImportFrom,
        plan: StatementPlan,
        names: list[cst.ImportAlias],
        alias: cst.ImportAlias,
        binding: Binding,
        origin: cst.ImportAlias | None,
    ) -> None:
        """Write ``alias`` (moved from ``origin``, or kept when None) into ``names`` and remember
        the binding it makes there."""
        names.append(alias)
        plan.origins[id(alias)] = id(alias if origin is None else origin)
        moved = origin is not None
        self.occurrences.append(
            Occurrence(statement, plan, names, alias, binding, self.block_of(statement), moved)
        )

    def add(
        self,
        statement: cst.Import | cst.ImportFrom,
        plan: StatementPlan,
        key: GroupKey,
        alias: cst.ImportAlias,
        binding: Binding,
        origin: cst.ImportAlias,
        *,
        merge: bool = True,
    ) -> None:
        """Add an alias moved from ``origin`` to its group, merged into the statement itself when
        it fits there."""
        plan.changed = True
        names = plan.aliases if merge and key == own_key(statement) else plan.groups.setdefault(key, [])
        self.record(statement, plan, names, alias, binding, origin)

    def keep(
        self, statement: cst.Import | cst.ImportFrom, plan: StatementPlan, alias: cst.ImportAlias
    ) -> None:
        """Keep an alias where it is and remember the binding it makes."""
        name = dotted_name(alias.name) or ""
        source = import_module_of(statement, self.ctx) if isinstance(statement, cst.ImportFrom) else ""
        self.record(statement, plan, plan.aliases, alias, (source or "", name, local_name(alias)), None)

    def group_key(self, statement: cst.Import | cst.ImportFrom, module: str) -> GroupKey:
        """Where an import of ``module`` goes, keeping a relative form when the rule allows it."""
        level = len(statement.relative) if isinstance(statement, cst.ImportFrom) else 0
        new_level, text = relative_form(module, level, self.ctx.module, self.ctx.is_package)
        return GroupKey(True, new_level, text)

    def assignment_of(self, statement: cst.CSTNode, alias: cst.ImportAlias) -> BaseAssignment | None:
        scope = self.meta.scope_of(alias)
        if scope is None:
            return None
        name = local_name(alias)
        for assignment in scope.assignments[name]:
            if isinstance(assignment, Assignment) and assignment.node is statement:
                return assignment
        return None
