"""Decisions of ``rewrite_imports`` for from-imports of legacy names (pure, reads metadata only)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment, Scope

from codemods._support import (
    StatementSurvey,
    binds_target,
    choose_local_name,
    dotted_name,
    import_module_of,
    iter_aliases,
    local_name,
)
from codemods.rewrite_imports.draft import Draft
from codemods.rewrite_imports.module_planner import ModulePlanner, is_plain_import_of_head
from codemods.rewrite_imports.nodes import name_alias
from codemods.rewrite_imports.plan import ImportPlan, MetaView, Occurrence, StatementPlan, later_duplicates
from ssot_refactor.model import FileContext, Target


def is_annotation(access: Access) -> bool:
    """True for a use in an annotation, a type hint or a string annotation."""
    return access.is_annotation or access.is_type_hint or isinstance(access.node, cst.BaseString)


class Planner:
    """Builds the ImportPlan of one file, statement by statement in source order.

    Mapped names of from-imports move here; imports of legacy modules go to its
    ``ModulePlanner``. Both write into one ``Draft``, which knows neither of them.
    """

    def __init__(
        self,
        ctx: FileContext,
        facts: StatementSurvey,
        scopes: Callable[[], tuple[Scope, ...]],
        meta: MetaView,
    ) -> None:
        self.ctx = ctx
        self.facts = facts
        self.meta = meta
        self.draft = Draft(ctx, scopes, meta)
        self.modules = ModulePlanner(self.draft)

    @property
    def plan(self) -> ImportPlan:
        """The plan written so far."""
        return self.draft.plan

    def drop_duplicates(self) -> None:
        """Drop each binding a moved import repeats (or that repeats one) later in its block."""
        for earlier, occurrence in later_duplicates(self.draft.occurrences):
            if not self.binds_one_object(earlier, occurrence):
                continue
            occurrence.names[:] = [alias for alias in occurrence.names if alias is not occurrence.alias]
            occurrence.plan.changed = True
            self.draft.plan.statements[occurrence.statement] = occurrence.plan

    def binds_one_object(self, earlier: Occurrence, occurrence: Occurrence) -> bool:
        """True when every binding of the name in the statement's scope binds the same object.

        Then the later import of it only binds again what the earlier one bound. A star import
        in the scope between the two, ``del``, ``global`` or ``nonlocal`` of the name, or any
        other kind of binding (an assignment, a ``def``, an import of another object) makes it
        False.
        """
        module, name, local = occurrence.binding
        head = local.split(".")[0]
        scope = self.meta.scope_of(occurrence.statement)
        if scope is None or head in self.facts.declared or head in self.facts.deleted:
            return False
        imports = self.facts.imports
        start, end = imports.index(earlier.statement), imports.index(occurrence.statement)
        if any(self.is_star_in(scope, statement) for statement in imports[start + 1 : end]):
            return False
        if "." in local:
            return all(is_plain_import_of_head(assignment) for assignment in scope.assignments[head])
        made = {id(o.statement): o.binding for o in self.draft.occurrences if local_name(o.alias) == local}
        return all(
            isinstance(assignment, Assignment) and made.get(id(assignment.node)) == (module, name, local)
            for assignment in scope.assignments[local]
        )

    def is_star_in(self, scope: Scope, statement: cst.Import | cst.ImportFrom) -> bool:
        """True for a star import made in ``scope``."""
        return (
            isinstance(statement, cst.ImportFrom)
            and isinstance(statement.names, cst.ImportStar)
            and (self.meta.scope_of(statement) is scope)
        )

    def move_name(
        self,
        statement: cst.ImportFrom,
        plan: StatementPlan,
        alias: cst.ImportAlias,
        legacy: Target,
        canonical: Target,
    ) -> bool:
        """Move one mapped name to its canonical module; False leaves the alias where it is."""
        if "." in canonical.name:
            return self.move_attribute_target(statement, plan, alias, legacy, canonical)
        local = local_name(alias)
        new = name_alias(canonical.name, local, alias)
        self.draft.add(
            statement,
            plan,
            self.draft.group_key(statement, canonical.module),
            new,
            (canonical.module, canonical.name, local),
            alias,
        )
        return True

    def attribute_target_problem(
        self, alias: cst.ImportAlias, legacy: Target, canonical: Target, assignment: BaseAssignment | None
    ) -> str | None:
        """Why a name mapped to ``Class.attr`` cannot move; None when it can."""
        local = local_name(alias)
        public = local in self.facts.exported or local in self.ctx.reexported
        wanted = choose_local_name(
            local, canonical.name, has_alias=alias.asname is not None,
            keep_local_names=self.ctx.keep_local_names, is_public=public,
        )  # fmt: skip
        if wanted != canonical.head:
            return f"canonical target {canonical} is an attribute and cannot be imported as {local}"
        if assignment is None or local in self.facts.declared or local in self.facts.deleted:
            return f"{local} is rebound in this file"
        head = Target(canonical.module, canonical.head)
        if (
            self.draft.first_conflict(
                canonical.head, lambda a: a is assignment or binds_target(a, head, self.ctx)
            )
            is not None
        ):
            return f"canonical name {canonical.head} is already bound in this file"
        if any(set(access.referents) - {assignment} for access in assignment.references):
            return f"{local} is also bound elsewhere in this file"
        if any(is_annotation(access) for access in assignment.references):
            return f"{local} is used in an annotation, where {canonical.name} is no type"
        if any(not isinstance(access.node, cst.Name) for access in assignment.references):
            return f"a reference to {local} cannot be rewritten"
        return None

    def move_attribute_target(
        self,
        statement: cst.ImportFrom,
        plan: StatementPlan,
        alias: cst.ImportAlias,
        legacy: Target,
        canonical: Target,
    ) -> bool:
        """Import ``Class`` for a name mapped to ``Class.attr`` and rewrite references to it."""
        assignment = self.draft.assignment_of(statement, alias)
        problem = self.attribute_target_problem(alias, legacy, canonical, assignment)
        if problem is not None or assignment is None:
            self.draft.warn(self.meta.line_of(statement), f"{problem}; import of {legacy} left unchanged")
            return False
        for access in assignment.references:
            if isinstance(access.node, cst.Name):
                self.draft.plan.names[access.node] = canonical.name
        new = name_alias(canonical.head, canonical.head, alias)
        key = self.draft.group_key(statement, canonical.module)
        self.draft.add(statement, plan, key, new, (canonical.module, canonical.head, canonical.head), alias)
        return True

    def plan_from(self, statement: cst.ImportFrom) -> None:
        """Plan one ImportFrom: mapped names move, legacy modules imported by name are redirected,
        and so are ``m.legacy.Name`` uses of a parent package imported by name."""
        source = import_module_of(statement, self.ctx)
        if source is None:
            self.check_unresolved(statement)
            return
        if isinstance(statement.names, cst.ImportStar):
            if self.ctx.name_map.is_legacy_module(source):
                self.draft.warn(
                    self.meta.line_of(statement), f"star import from legacy module {source}; left unchanged"
                )
            return
        plan = StatementPlan()
        for alias in statement.names:
            name = dotted_name(alias.name) or ""
            canonical = self.ctx.name_map.canonical_for(source, name)
            moved = False
            if canonical is not None:
                moved = self.move_name(statement, plan, alias, Target(source, name), canonical)
            elif self.ctx.name_map.is_legacy_module(f"{source}.{name}"):
                moved = self.modules.move_module(statement, plan, alias, f"{source}.{name}")
            if not moved:
                self.draft.keep(statement, plan, alias)
            if canonical is None:
                self.modules.move_submodule_uses(statement, plan, alias, f"{source}.{name}")
        if plan.changed:
            self.draft.plan.statements[statement] = plan

    def plan_import(self, statement: cst.Import) -> None:
        """Plan one ``import a.b [as m]`` statement: legacy modules and their submodules are redirected."""
        plan = StatementPlan()
        for alias in statement.names:
            module = dotted_name(alias.name) or ""
            moved = False
            if self.ctx.name_map.is_legacy_module(module):
                moved = self.modules.move_module(statement, plan, alias, module)
            if not moved:
                self.draft.keep(statement, plan, alias)
            self.modules.move_submodule_uses(statement, plan, alias, module)
        if plan.changed:
            self.draft.plan.statements[statement] = plan

    def check_unresolved(self, statement: cst.ImportFrom) -> None:
        """Warn about a relative import that may name a legacy module but cannot be resolved."""
        written = "" if statement.module is None else (dotted_name(statement.module) or "")
        names = [dotted_name(alias.name) or "" for alias in iter_aliases(statement)]
        tails = {written.rpartition(".")[2]} | {f"{written}.{name}".strip(".") for name in names}
        for legacy in self.ctx.name_map.legacy_modules:
            if any(tail and (legacy == tail or legacy.endswith("." + tail)) for tail in tails):
                dots = "." * len(statement.relative)
                self.draft.warn(
                    self.meta.line_of(statement),
                    f"relative import from {dots}{written} cannot be resolved without the "
                    f"file's module name; left unchanged",
                )
                return
