"""How a legacy module binding is read: mapped ``m.Name`` uses, string annotations, anything else (pure).

``module_planner`` asks ``UseClassifier.classify`` for the uses of one binding before it
decides whether the import can move; reads metadata only, and writes nothing but warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import libcst as cst
from libcst.metadata import Access, Assignment, BaseAssignment

from codemods._support import annotation_chains, dotted_name, import_module_of, iter_aliases, local_name
from codemods.rewrite_imports.draft import Draft
from ssot_refactor.model import FileContext, Target

_DYNAMIC = ("getattr", "hasattr", "setattr", "delattr")


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


@dataclass
class ModuleUses:
    """What reads one legacy module binding: mapped attributes, string annotations, anything else."""

    attributes: list[tuple[cst.Attribute, Target]] = field(default_factory=list)
    strings: list[tuple[cst.SimpleString, dict[str, Target]]] = field(default_factory=list)
    other: bool = False
    shared: bool = False  #: a use may also read another binding of the name

    def modules(self) -> list[str]:
        """The canonical modules the mapped uses need, in first-use order (see ``in_source_order``)."""
        targets = [t for _, t in self.attributes] + [t for _, m in self.strings for t in m.values()]
        return list(dict.fromkeys(target.module for target in targets))


Located = TypeVar("Located", bound=tuple[cst.CSTNode, object])


def in_source_order(
    items: list[Located], parent_of: Callable[[cst.CSTNode], cst.CSTNode | None]
) -> list[Located]:
    """``(node, ...)`` items sorted by where their nodes are in the file.

    The scope analysis keeps a binding's accesses in a set, whose order depends on where the
    objects sit in memory; this order depends on the tree alone. Each node's key is its path
    from the module, one child index per level (``children`` lists a node's children in source
    order), computed only for the few uses of a binding that spans several modules.
    """
    children: dict[int, list[cst.CSTNode]] = {}

    def key(node: cst.CSTNode) -> list[int]:
        path: list[int] = []
        parent = parent_of(node)
        while parent is not None:
            siblings = children.setdefault(id(parent), list(parent.children))
            path.append(next(index for index, child in enumerate(siblings) if child is node))
            node, parent = parent, parent_of(parent)
        return path[::-1]

    return sorted(items, key=lambda item: key(item[0]))


class UseClassifier:
    """Sorts the accesses of legacy module bindings, warning about the ones left unchanged."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.ctx = draft.ctx

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
        if len(uses.modules()) > 1:  # the order of the imports it adds: the order of the uses
            uses.attributes = in_source_order(uses.attributes, self.draft.meta.parent_of)
            uses.strings = in_source_order(uses.strings, self.draft.meta.parent_of)
        return uses

    def climb(self, node: cst.CSTNode, reach: tuple[str, ...]) -> cst.CSTNode | None:
        """The node ``node.a.b`` for ``reach`` ``("a", "b")``; None when the use goes elsewhere."""
        for part in reach:
            parent = self.draft.meta.parent_of(node)
            if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == part):
                return None
            node = parent
        return node

    def classify_node(self, node: cst.CSTNode, legacy_module: str, local: str, uses: ModuleUses) -> None:
        """Sort one use of the legacy module object: ``local.Name`` for a mapped name, or another use."""
        meta = self.draft.meta
        parent = meta.parent_of(node)
        target = None
        if isinstance(parent, cst.Attribute) and parent.value is node:
            target = self.ctx.name_map.canonical_for(legacy_module, parent.attr.value)
        if target is not None and isinstance(parent, cst.Attribute) and meta.is_load(parent):
            uses.attributes.append((parent, target))
            return
        if target is not None and isinstance(parent, cst.Attribute):
            attribute = f"{local}.{parent.attr.value}"
            self.draft.warn(meta.line_of(parent), f"{attribute} is assigned or deleted; left unchanged")
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
        meta = self.draft.meta
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
            self.draft.warn(meta.line_of(call), f"{message}; left unchanged")
