"""Decisions of ``rewrite_imports`` for imports of legacy modules and their ``m.Name`` uses (pure).

The import keeps its form: ``import app.old`` with ``app.old.ExecutionEngine`` becomes ``import
app.engine`` with ``app.engine.UserExecutionEngine``, ``import app.old as m`` becomes ``import
app.engine as m`` and ``from app import old as m`` becomes ``from app import engine as m``, with
``m.UserExecutionEngine``; ``from app import old`` becomes ``from app import engine`` with
``engine.UserExecutionEngine``. Only when an ``as m`` binding cannot simply name the canonical
module (its mapped names live in several canonical modules, or it still reads the legacy
module) is each canonical module bound by its last part (``from app import engine``), or
dotted (``import app.engine``) when that name is taken. The legacy import stays when anything
else still reads it (unmapped attributes, the module object itself, ``getattr``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment

from codemods._bindings import conflict_line, first_conflict, import_module_of, iter_aliases, local_name
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
        planner = self.planner
        local = local_name(alias)
        if not self.may_read_mapped(local, legacy_module):
            return False
        assignment = planner.assignment_of(statement, alias)
        if assignment is None:
            return False
        uses = self.classify(assignment, legacy_module, local)
        if not uses.modules():
            return False
        accesses = self.accesses_for(uses, statement, alias)
        self.record(uses, accesses, local)
        replace = not uses.other and all(accesses.values())
        if not replace:
            planner.keep(statement, plan, alias)
        merge = replace or isinstance(statement, cst.ImportFrom)
        for access in filter(None, accesses.values()):
            planner.add(statement, plan, access.key, access.alias, access.binding, alias, merge=merge)
        plan.changed = True
        return True

    def accesses_for(
        self, uses: ModuleUses, statement: cst.Import | cst.ImportFrom, alias: cst.ImportAlias
    ) -> dict[str, ModuleAccess | None]:
        """How the rewritten uses reach each canonical module they need; None (and a warning)
        for a module that cannot be imported."""
        modules = uses.modules()
        if keeps_alias(alias, uses):
            return {modules[0]: self.rebound_access(modules[0], statement, alias)}
        plain = isinstance(statement, cst.Import) and alias.asname is None
        accesses: dict[str, ModuleAccess | None] = {}
        for module in modules:
            access = self.access_for(module, plain, statement)
            accesses[module] = access if isinstance(access, ModuleAccess) else None
            if not isinstance(access, ModuleAccess):
                local = local_name(alias)
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

    def classify(self, assignment: BaseAssignment, legacy_module: str, local: str) -> ModuleUses:
        """Sort the accesses of a legacy module binding into mapped uses and other uses."""
        uses = ModuleUses()
        name_map, meta = self.ctx.name_map, self.planner.meta
        for access in assignment.references:
            node = access.node
            uses.shared = uses.shared or set(access.referents) != {assignment}
            if not self.reads_only_legacy(access, assignment, legacy_module):
                uses.other = True
            elif isinstance(node, cst.BaseString):
                self.classify_string(node, legacy_module, local, uses)
            else:
                parent = meta.parent_of(node)
                target = None
                if isinstance(parent, cst.Attribute) and parent.value is node:
                    target = name_map.canonical_for(legacy_module, parent.attr.value)
                if target is not None and isinstance(parent, cst.Attribute) and meta.is_load(parent):
                    uses.attributes.append((parent, target))
                    continue
                if target is not None and isinstance(parent, cst.Attribute):
                    attribute = f"{local}.{parent.attr.value}"
                    self.planner.warn(
                        meta.line_of(parent), f"{attribute} is assigned or deleted; left unchanged"
                    )
                self.warn_dynamic(node, legacy_module, local)
                uses.other = True
        return uses

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
        self, module: str, plain: bool, statement: cst.Import | cst.ImportFrom
    ) -> ModuleAccess | str:
        """How to import and reach ``module`` (mirror ``import a.b`` or bind its last part), or why not."""
        if plain:
            head = module.split(".")[0]
            reason = self.conflict_of(head, is_plain_import_of_head)
            if reason is not None:
                return reason
            alias = cst.ImportAlias(name=dotted_expression(module))
            return ModuleAccess(module, GroupKey(False, 0, ""), alias, ("", module, module))
        parent, last = module_binding(module)
        reason = self.conflict_of(last, lambda a: binds_module(a, module, self.ctx))
        if reason is not None:
            fallback = self.access_for(module, True, statement)
            return fallback if isinstance(fallback, ModuleAccess) else f"{reason} and {fallback}"
        alias = cst.ImportAlias(name=cst.Name(last))
        if not parent:
            return ModuleAccess(last, GroupKey(False, 0, ""), alias, ("", last, last))
        key = self.planner.group_key(statement, parent)
        return ModuleAccess(last, key, alias, (parent, last, last))
