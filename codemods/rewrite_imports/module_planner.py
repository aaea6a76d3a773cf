"""Decisions of ``rewrite_imports`` for imports of legacy modules and their ``m.Name`` uses (pure).

The import keeps its form: ``import app.old`` with ``app.old.ExecutionEngine`` becomes ``import
app.engine`` with ``app.engine.UserExecutionEngine``, ``import app.old as m`` becomes ``import
app.engine as m`` and ``from app import old as m`` becomes ``from app import engine as m``, with
``m.UserExecutionEngine``; ``from app import old`` becomes ``from app import engine`` with
``engine.UserExecutionEngine``. Only when an ``as m`` binding cannot simply name the canonical
module (its mapped names live in several canonical modules, or it still reads the legacy
module) is each canonical module bound by its last part (``from app import engine``), or
dotted (``import app.engine``) when that name is taken. The legacy import stays when anything
else still reads it (unmapped attributes, the module object itself, ``getattr``, or for
``import a.b`` another use of ``a`` such as ``a.c.X``, which no other binding of ``a``
covers). Uses of a legacy submodule through a parent package (``llms.gpt4all.GPT4All`` after
``from langchain import llms``) move the same way, and the parent's import always stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import Assignment, BaseAssignment

from codemods._support import assignment_for, conflict_line, dotted_name, local_name
from codemods.rewrite_imports.draft import Draft
from codemods.rewrite_imports.module_uses import ModuleUses, UseClassifier, binds_module
from codemods.rewrite_imports.nodes import GroupKey, dotted_expression, module_binding
from codemods.rewrite_imports.plan import Binding, StatementPlan


def is_plain_import_of_head(assignment: BaseAssignment) -> bool:
    """True for a binding made by ``import a.b`` (no ``as``): harmless to bind ``a`` again."""
    if not isinstance(assignment, Assignment) or not isinstance(assignment.node, cst.Import):
        return False
    return any(
        alias.asname is None and (dotted_name(alias.name) or "").split(".")[0] == assignment.name
        for alias in assignment.node.names
    )


def binds_head(alias: cst.ImportAlias, head: str) -> bool:
    """True for an alias of ``import head[.x]`` (no ``as``), which binds ``head``."""
    return alias.asname is None and (dotted_name(alias.name) or "").split(".")[0] == head


def keeps_alias(alias: cst.ImportAlias, uses: ModuleUses) -> bool:
    """True when an ``as m`` binding can simply name the canonical module instead: nothing but
    mapped names of one canonical module is read through it, and only through it."""
    return alias.asname is not None and not uses.other and not uses.shared and len(uses.modules()) == 1


@dataclass(frozen=True)
class ModuleAccess:
    """How rewritten references reach a canonical module, and the import that makes it so."""

    prefix: str  #: ``engine`` or ``app.engine``
    key: GroupKey
    alias: cst.ImportAlias
    binding: Binding


class ModulePlanner:
    """Plans the redirect of one legacy module binding at a time, into the planners' draft."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.ctx = draft.ctx
        self.uses = UseClassifier(draft)

    def move_module(
        self,
        statement: cst.Import | cst.ImportFrom,
        plan: StatementPlan,
        alias: cst.ImportAlias,
        legacy_module: str,
    ) -> bool:
        """Rewrite the mapped uses of a legacy module binding; False leaves the alias alone."""
        found = self.redirect_uses(statement, alias, legacy_module)
        if found is None:
            return False
        uses, accesses = found
        replace = (
            not uses.other and all(accesses.values()) and not self.head_still_read(statement, alias, accesses)
        )
        if not replace:
            self.draft.keep(statement, plan, alias)
        merge = replace or isinstance(statement, cst.ImportFrom)
        for access in filter(None, accesses.values()):
            self.draft.add(statement, plan, access.key, access.alias, access.binding, alias, merge=merge)
        plan.changed = True
        return True

    def move_submodule_uses(
        self, statement: cst.Import | cst.ImportFrom, plan: StatementPlan, alias: cst.ImportAlias, bound: str
    ) -> None:
        """Rewrite ``m.sub.Name`` uses where ``m`` binds ``bound``, a parent of legacy module ``bound.sub``.

        The alias itself stays (the caller keeps it): it binds the parent, not the legacy module.
        """
        for legacy_module in self.ctx.name_map.legacy_modules:
            if not legacy_module.startswith(bound + "."):
                continue
            reach = tuple(legacy_module[len(bound) + 1 :].split("."))
            found = self.redirect_uses(statement, alias, legacy_module, reach)
            if found is None:
                continue
            for access in filter(None, found[1].values()):
                merge = isinstance(statement, cst.ImportFrom)
                self.draft.add(statement, plan, access.key, access.alias, access.binding, alias, merge=merge)
            plan.changed = True

    def redirect_uses(
        self,
        statement: cst.Import | cst.ImportFrom,
        alias: cst.ImportAlias,
        legacy_module: str,
        reach: tuple[str, ...] = (),
    ) -> tuple[ModuleUses, dict[str, ModuleAccess | None]] | None:
        """Point the mapped uses of ``local.<reach>.Name`` at the canonical modules; None when there are none.

        Returns the uses and, per canonical module, how it is imported (None: it cannot be).
        """
        local = ".".join((local_name(alias), *reach))
        if not self.may_read_mapped(local, legacy_module):
            return None
        assignment = self.draft.assignment_of(statement, alias)
        if assignment is None:
            return None
        uses = self.uses.classify(assignment, legacy_module, local, reach)
        if not uses.modules():
            return None
        alone = not reach and not uses.other and len(uses.modules()) == 1
        accesses = self.accesses_for(uses, statement, alias, local, assignment if alone else None)
        self.record(uses, accesses, local)
        return uses, accesses

    def head_still_read(
        self, statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias, modules: Iterable[str]
    ) -> bool:
        """True when dropping ``import a.b`` would unbind ``a`` that other code still reads.

        ``import a.b`` also binds ``a``, so ``a.c.X`` elsewhere in the file reads it. Such a use
        is covered by another binding of ``a`` that stays (not an import of a legacy module),
        or by canonical imports that all bind ``a`` themselves.
        """
        local = local_name(alias)
        head = local.split(".")[0]
        if not isinstance(statement, cst.Import) or alias.asname is not None or head == local:
            return False
        if all(module.split(".")[0] == head for module in modules):
            return False
        assignment = assignment_for(self.draft.meta.scope_of(alias), head, statement)
        if assignment is None:
            return False
        return any(
            not any(self.stays_bound(referent) for referent in access.referents if referent is not assignment)
            for access in assignment.references
        )

    def stays_bound(self, assignment: BaseAssignment) -> bool:
        """True for a binding the rewrite keeps.

        A plain import of a legacy module stays only when it was planned already (statements
        are planned in source order) and kept an alias binding the name.
        """
        if not isinstance(assignment, Assignment) or not isinstance(assignment.node, cst.Import):
            return True
        name, names = assignment.name, assignment.node.names
        if not any(
            binds_head(alias, name) and self.ctx.name_map.is_legacy_module(dotted_name(alias.name) or "")
            for alias in names
        ):
            return True
        planned = self.draft.plan.statements.get(assignment.node)
        return planned is not None and any(binds_head(alias, name) for alias in planned.aliases)

    def accesses_for(
        self,
        uses: ModuleUses,
        statement: cst.Import | cst.ImportFrom,
        alias: cst.ImportAlias,
        local: str,
        replaced: BaseAssignment | None,
    ) -> dict[str, ModuleAccess | None]:
        """How the rewritten uses of ``local`` reach each canonical module they need; None (and a
        warning) for a module that cannot be imported. ``replaced``: see ``access_for``."""
        modules = uses.modules()
        if local == local_name(alias) and keeps_alias(alias, uses):
            return {modules[0]: self.rebound_access(modules[0], statement, alias)}
        plain = isinstance(statement, cst.Import) and alias.asname is None
        accesses: dict[str, ModuleAccess | None] = {}
        for module in modules:
            access = self.access_for(module, plain, statement, replaced)
            accesses[module] = access if isinstance(access, ModuleAccess) else None
            if not isinstance(access, ModuleAccess):
                message = (
                    f"cannot import canonical module {module} ({access}); uses of {local} left unchanged"
                )
                self.draft.warn(self.draft.meta.line_of(statement), message)
        return accesses

    def rebound_access(
        self, module: str, statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias
    ) -> ModuleAccess:
        """The same alias bound to ``module`` in the statement's form: ``import a.new as m``,
        ``from a import new as m``; the binding it replaces is the only one of its name."""
        local = local_name(alias)
        parent, last = module_binding(module)
        if isinstance(statement, cst.Import) or not parent:
            new = alias.with_changes(name=dotted_expression(module))
            return ModuleAccess(local, GroupKey(False, 0, ""), new, ("", module, local))
        new = alias.with_changes(name=cst.Name(last), asname=None if local == last else alias.asname)
        return ModuleAccess(local, self.draft.group_key(statement, parent), new, (parent, last, local))

    def may_read_mapped(self, local: str, legacy_module: str) -> bool:
        """Can the file read a mapped name through this binding? Text only, errs towards yes.

        Without ``local.Name`` (any spacing, also inside a string annotation) or a quoted
        ``"Name"`` (``getattr(local, "Name")``) for a mapped name, ``UseClassifier.classify`` would find no
        mapped use and nothing to warn about; this spares the scope analysis it needs, which
        matters where many modules re-export a mapped name (``from typing import Callable``
        makes a module a re-exporter).
        """
        names = self.ctx.name_map.names_in(legacy_module)
        if not names:
            return False
        text = self.draft.meta.text()
        if not text:
            return True
        alternatives = "|".join(re.escape(name) for name in names)
        spaced = r"(?:\s|\\|#[^\n]*)*"
        binding = rf"{spaced}\.{spaced}".join(re.escape(part) for part in local.split("."))
        dotted = rf"(?<![\w.]){binding}{spaced}\.{spaced}(?:{alternatives})(?!\w)"
        quoted = rf"[\"'](?:{alternatives})[\"']"
        return re.search(f"{dotted}|{quoted}", text) is not None

    def record(self, uses: ModuleUses, accesses: dict[str, ModuleAccess | None], local: str) -> None:
        """Record the attribute and string edits of the uses whose canonical module is reachable."""
        plan = self.draft.plan
        for node, target in uses.attributes:
            access = accesses[target.module]
            if access is None:
                uses.other = True
            else:
                plan.attributes[node] = f"{access.prefix}.{target.name}"
        for string, renames in uses.strings:
            for old, target in renames.items():
                access = accesses[target.module]
                if access is None:
                    uses.other = True
                else:
                    plan.strings.setdefault(string, {})[old] = f"{access.prefix}.{target.name}"

    def conflict_of(self, name: str, is_allowed: Callable[[BaseAssignment], bool]) -> str | None:
        """Why binding ``name`` would clash (``"app is bound at line 3"``), or None."""
        conflict = self.draft.first_conflict(name, is_allowed)
        if conflict is None:
            return None
        return f"{name} is bound or used at line {conflict_line(conflict, self.draft.meta.line_of)}"

    def access_for(
        self,
        module: str,
        plain: bool,
        statement: cst.Import | cst.ImportFrom,
        replaced: BaseAssignment | None = None,
    ) -> ModuleAccess | str:
        """How to import and reach ``module`` (mirror ``import a.b`` or bind its last part), or why not.

        ``replaced`` is the legacy binding the new import replaces: its name is free to reuse
        (``from a.b import legacy`` becomes ``from c.d import legacy``).
        """
        if plain:
            head = module.split(".")[0]
            reason = self.conflict_of(head, is_plain_import_of_head)
            if reason is not None:
                return reason
            alias = cst.ImportAlias(name=dotted_expression(module))
            return ModuleAccess(module, GroupKey(False, 0, ""), alias, ("", module, module))
        parent, last = module_binding(module)
        reason = self.conflict_of(last, lambda a: a is replaced or binds_module(a, module, self.ctx))
        if reason is not None:
            fallback = self.access_for(module, True, statement)
            return fallback if isinstance(fallback, ModuleAccess) else f"{reason} and {fallback}"
        alias = cst.ImportAlias(name=cst.Name(last))
        if not parent:
            return ModuleAccess(last, GroupKey(False, 0, ""), alias, ("", last, last))
        key = self.draft.group_key(statement, parent)
        return ModuleAccess(last, key, alias, (parent, last, last))
