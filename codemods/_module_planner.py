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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment

from codemods._bindings import (
    assignment_for,
    conflict_line,
    first_conflict,
    import_module_of,
    iter_aliases,
    local_name,
)
from codemods._import_nodes import GroupKey, dotted_expression
from codemods._import_plan import Binding, StatementPlan
from codemods._names import annotation_chains, dotted_name, module_binding
from ssot_refactor.model import FileContext, Target

if TYPE_CHECKING:
    from codemods._planner import Planner

_DYNAMIC = ("getattr", "hasattr", "setattr", "delattr")


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


def binds_module(assignment: BaseAssignment, module: str, ctx: FileContext) -> bool:
    """True when ``assignment`` binds ``module`` itself (``from a import b``, ``import a.b as m``)."""
    if not isinstance(assignment, Assignment):
        return False
    statement = assignment.node
    if isinstance(statement, cst.Import):
        return any(
            local_name(alias) == assignment.name and dotted_name(alias.name) == module
            for alias in statement.names
        )
    if isinstance(statement, cst.ImportFrom):
        source = import_module_of(statement, ctx)
        return any(
            local_name(alias) == assignment.name and f"{source}.{dotted_name(alias.name)}" == module
            for alias in iter_aliases(statement)
        )
    return False


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


@dataclass
class ModuleUses:
    """What reads one legacy module binding: mapped attributes, string annotations, anything else."""

    attributes: list[tuple[cst.Attribute, Target]] = field(default_factory=list)
    strings: list[tuple[cst.SimpleString, dict[str, Target]]] = field(default_factory=list)
    other: bool = False
    shared: bool = False  #: a use may also read another binding of the name

    def modules(self) -> list[str]:
        """The canonical modules the mapped uses need, in first-use order."""
        targets = [t for _, t in self.attributes] + [t for _, m in self.strings for t in m.values()]
        return list(dict.fromkeys(target.module for target in targets))


class ModulePlanner:
    """Plans the redirect of one legacy module binding at a time, for its Planner."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.ctx = planner.ctx

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
        replace = not uses.other and all(accesses.values()) and not self.head_still_read(statement, alias, accesses)
        if not replace:
            self.planner.keep(statement, plan, alias)
        merge = replace or isinstance(statement, cst.ImportFrom)
        for access in filter(None, accesses.values()):
            self.planner.add(statement, plan, access.key, access.alias, access.binding, alias, merge=merge)
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
                self.planner.add(statement, plan, access.key, access.alias, access.binding, alias, merge=merge)
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
        planner = self.planner
        local = ".".join((local_name(alias), *reach))
        if not self.may_read_mapped(local, legacy_module):
            return None
        assignment = planner.assignment_of(statement, alias)
        if assignment is None:
            return None
        uses = self.classify(assignment, legacy_module, local, reach)
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
        assignment = assignment_for(self.planner.meta.scope_of(alias), head, statement)
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
        if not any(binds_head(alias, name) and self.ctx.name_map.is_legacy_module(dotted_name(alias.name) or "")
                   for alias in names):
            return True
        planned = self.planner.plan.statements.get(assignment.node)
        return planned is not None and any(binds_head(alias, name) for alias in planned.aliases)

    def accesses_for(
        self, uses: ModuleUses, statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias, local: str,
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
                message = f"cannot import canonical module {module} ({access}); uses of {local} left unchanged"
                self.planner.warn(self.planner.meta.line_of(statement), message)
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
        return ModuleAccess(local, self.planner.group_key(statement, parent), new, (parent, last, local))

    def may_read_mapped(self, local: str, legacy_module: str) -> bool:
        """Can the file read a mapped name through this binding? Text only, errs towards yes.

        Without ``local.Name`` (any spacing, also inside a string annotation) or a quoted
        ``"Name"`` (``getattr(local, "Name")``) for a mapped name, ``classify`` would find no
        mapped use and nothing to warn about; this spares the scope analysis it needs, which
        matters where many modules re-export a mapped name (``from typing import Callable``
        makes a module a re-exporter).
        """
        names = self.ctx.name_map.names_in(legacy_module)
        if not names:
            return False
        text = self.planner.meta.text()
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
        plan = self.planner.plan
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

    def reads_only_legacy(self, access: Access, assignment: BaseAssignment, legacy_module: str) -> bool:
        """True when the access can only read imports of the legacy module."""
        return all(
            referent is assignment
            or binds_module(referent, legacy_module, self.ctx)
            or (isinstance(referent, Assignment) and referent.name == legacy_module)
            for referent in access.referents
        )

    def classify(
        self, assignment: BaseAssignment, legacy_module: str, local: str, reach: tuple[str, ...] = ()
    ) -> ModuleUses:
        """Sort the accesses of a legacy module binding into mapped uses and other uses.

        ``local`` is how the file spells the legacy module: the bound name, followed by
        ``reach`` when the binding is a parent package (``llms.gpt4all`` for ``from langchain
        import llms``); an access that does not go on through ``reach`` is another use.
        """
        uses = ModuleUses()
        for access in assignment.references:
            node = access.node
            uses.shared = uses.shared or set(access.referents) != {assignment}
            if not self.reads_only_legacy(access, assignment, legacy_module):
                uses.other = True
            elif isinstance(node, cst.BaseString):
                self.classify_string(node, legacy_module, local, uses)
            else:
                reached = self.climb(node, reach)
                if reached is None:
                    uses.other = True
                else:
                    self.classify_node(reached, legacy_module, local, uses)
        return uses

    def climb(self, node: cst.CSTNode, reach: tuple[str, ...]) -> cst.CSTNode | None:
        """The node ``node.a.b`` for ``reach`` ``("a", "b")``; None when the use goes elsewhere."""
        for part in reach:
            parent = self.planner.meta.parent_of(node)
            if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == part):
                return None
            node = parent
        return node

    def classify_node(self, node: cst.CSTNode, legacy_module: str, local: str, uses: ModuleUses) -> None:
        """Sort one use of the legacy module object: ``local.Name`` for a mapped name, or another use."""
        meta = self.planner.meta
        parent = meta.parent_of(node)
        target = None
        if isinstance(parent, cst.Attribute) and parent.value is node:
            target = self.ctx.name_map.canonical_for(legacy_module, parent.attr.value)
        if target is not None and isinstance(parent, cst.Attribute) and meta.is_load(parent):
            uses.attributes.append((parent, target))
            return
        if target is not None and isinstance(parent, cst.Attribute):
            attribute = f"{local}.{parent.attr.value}"
            self.planner.warn(meta.line_of(parent), f"{attribute} is assigned or deleted; left unchanged")
        self.warn_dynamic(node, legacy_module, local)
        uses.other = True

    def classify_string(self, node: cst.BaseString, legacy_module: str, local: str, uses: ModuleUses) -> None:
        """Sort the name chains of a string annotation that start at the legacy module binding."""
        chains = annotation_chains(node.value) if isinstance(node, cst.SimpleString) else None
        if chains is None or not isinstance(node, cst.SimpleString):
            uses.other = True
            return
        renames: dict[str, Target] = {}
        for chain in chains:
            if not chain.startswith(local + "."):
                uses.other = uses.other or chain == local
                continue
            attribute = chain[len(local) + 1 :].split(".")[0]
            target = self.ctx.name_map.canonical_for(legacy_module, attribute)
            if target is None:
                uses.other = True
            else:
                renames[f"{local}.{attribute}"] = target
        uses.strings.append((node, renames))

    def warn_dynamic(self, node: cst.CSTNode, legacy_module: str, local: str) -> None:
        """Warn when ``node`` is the object of ``getattr(module, "Name")`` for a mapped name."""
        meta = self.planner.meta
        argument = meta.parent_of(node)
        call = meta.parent_of(argument) if isinstance(argument, cst.Arg) else None
        if not isinstance(call, cst.Call) or len(call.args) < 2 or call.args[0] is not argument:
            return
        func, attribute = dotted_name(call.func), call.args[1].value
        if func not in _DYNAMIC or not isinstance(attribute, cst.SimpleString):
            return
        name = attribute.evaluated_value
        if isinstance(name, str) and self.ctx.name_map.canonical_for(legacy_module, name):
            message = f'{func}({local}, "{name}") reads legacy name {legacy_module}:{name} dynamically'
            self.planner.warn(meta.line_of(call), f"{message}; left unchanged")

    def conflict_of(self, name: str, is_allowed: Callable[[BaseAssignment], bool]) -> str | None:
        """Why binding ``name`` would clash (``"app is bound at line 3"``), or None."""
        conflict = first_conflict(self.planner.scopes, name, is_allowed)
        if conflict is None:
            return None
        return f"{name} is bound or used at line {conflict_line(conflict, self.planner.meta.line_of)}"

    def access_for(
        self, module: str, plain: bool, statement: cst.Import | cst.ImportFrom,
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
        key = self.planner.group_key(statement, parent)
        return ModuleAccess(last, key, alias, (parent, last, last))
