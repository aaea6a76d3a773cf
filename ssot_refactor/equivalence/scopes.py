"""Verify stage: the scopes of a tree and what each binds, the safety check's pass one (pure).

Scopes follow Python's rules (function, class, comprehension, lambda; global/nonlocal; a class
body reading a name before binding it sees the outer binding); names reached through ``eval``,
``globals()`` or ``getattr`` with a string are not modelled.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

from ssot_refactor.equivalence.imports import import_bindings, reference_origin
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.equivalence.unchanged import UnchangedDefinition


@dataclass(eq=False)
class Scope:
    """One Python scope: what it binds, and how."""

    kind: str  #: "module", "function", "class" or "comprehension"
    parent: Scope | None
    imports: dict[str, set[str]] = field(default_factory=dict)  #: local -> normalised origins
    others: set[str] = field(default_factory=set)  #: names bound otherwise
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    star: bool = False  #: a star import binds names unknown here

    def binds_only(self, name: str, origin: str) -> bool:
        """True when every binding of ``name`` in this scope is an import of ``origin``."""
        plain = name not in self.others and name not in self.declared_global | self.declared_nonlocal
        return plain and not self.star and self.imports.get(name) == {origin}

    def binds(self, name: str) -> bool:
        """True when ``name`` is local to this scope."""
        return name in self.imports or name in self.others

    def module(self) -> Scope:
        """The module scope."""
        return self if self.parent is None else self.parent.module()

    def resolve(self, name: str) -> Scope | None:
        """The scope whose binding of ``name`` a reference here sees (None: builtin or unbound)."""
        if name in self.declared_global:
            return self.module()
        if self.binds(name) and name not in self.declared_nonlocal:
            return self
        scope = self.parent
        while scope is not None:
            if scope.kind != "class" and scope.binds(name):
                return scope
            scope = scope.parent
        return None


class Binder(ast.NodeVisitor):
    """Pass one: build the scopes and record the scope each node is evaluated in."""

    def __init__(self, renames: Renames) -> None:
        self.renames = renames
        self.scope = Scope("module", None)
        self.scope_of: dict[int, Scope] = {}
        self.annotations: set[int] = set()  #: ids of annotation expressions (strings in them are code)
        self.docstrings: set[int] = set()  #: ids of string constants that form a whole statement
        self.seen: list[ast.AST] = []  #: keeps every node alive, so no id above is reused
        #: ids of names read in a class body before the class binds them (they see the outer binding)
        self.outward: set[int] = set()

    def visit(self, node: ast.AST) -> None:
        self.scope_of[id(node)] = self.scope
        self.seen.append(node)
        super().visit(node)

    def visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        """Visit each node of a list in the current scope."""
        for node in nodes:
            if node is not None:
                self.visit(node)

    def bind(self, name: str, origin: str | None = None) -> None:
        """Record a binding of ``name`` in the scope it lands in (global/nonlocal aware)."""
        scope = self.scope.module() if name in self.scope.declared_global else self.scope
        if name in scope.declared_nonlocal and scope is self.scope:
            return
        if origin is None:
            scope.others.add(name)
        else:
            scope.imports.setdefault(name, set()).add(self.renames.path(origin))

    def in_scope(self, kind: str, body: list[ast.stmt] | list[ast.expr], args: ast.arguments | None) -> None:
        """Visit ``body`` in a new scope that binds the parameters ``args``."""
        outer, self.scope = self.scope, Scope(kind, self.scope)
        if args is not None:
            every = [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]
            for arg in every:
                if arg is not None:
                    self.bind(arg.arg)
        self.visit_all(body)
        self.scope = outer

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Decorators, defaults and annotations outside; parameters and body inside."""
        self.visit_all(node.decorator_list)
        self.visit(node.args)
        if node.returns is not None:
            self.annotations.add(id(node.returns))
            self.visit(node.returns)
        self.bind(node.name)
        self.in_scope("function", node.body, node.args)

    visit_FunctionDef = visit_function
    visit_AsyncFunctionDef = visit_function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.in_scope("function", [node.body], node.args)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.visit_all([*node.decorator_list, *node.bases, *(keyword.value for keyword in node.keywords)])
        self.bind(node.name)
        self.in_scope("class", node.body, None)

    def visit_comprehension_scope(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        """The first iterable outside; targets, conditions and elements inside."""
        self.visit(node.generators[0].iter)
        outer, self.scope = self.scope, Scope("comprehension", self.scope)
        for index, generator in enumerate(node.generators):
            self.visit_all([generator.iter] if index else [])
            self.visit_all([generator.target, *generator.ifs])
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        self.visit_all(parts)
        self.scope = outer

    visit_ListComp = visit_comprehension_scope
    visit_SetComp = visit_comprehension_scope
    visit_GeneratorExp = visit_comprehension_scope
    visit_DictComp = visit_comprehension_scope

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        scope = self.scope
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        scope.others.add(node.target.id)
        self.scope_of[id(node.target)] = scope

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bind(node.id)
        elif self.scope.kind == "class" and not self.scope.binds(node.id):
            self.outward.add(id(node))

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit_all([node.value, *node.targets])

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit_all([node.iter, node.target, *node.body, *node.orelse])

    visit_AsyncFor = visit_For

    def visit_import(self, node: ast.Import | ast.ImportFrom) -> None:
        """Bind each imported name with its origin."""
        for local, origin in import_bindings(node, self.renames.ctx):
            if local != "*":
                self.bind(local, reference_origin(origin))
            else:
                self.scope.star = True

    visit_Import = visit_import
    visit_ImportFrom = visit_import

    def visit_UnchangedDefinition(self, node: UnchangedDefinition) -> None:
        """A definition set aside binds its name, as the definition does."""
        self.bind(node.name)

    def visit_Global(self, node: ast.Global) -> None:
        self.scope.declared_global.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.declared_nonlocal.update(node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bind(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.bind(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bind(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.bind(node.rest)
        self.generic_visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        if node.annotation is not None:
            self.annotations.add(id(node.annotation))
            self.visit(node.annotation)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.annotations.add(id(node.annotation))
        self.generic_visit(node)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            self.docstrings.add(id(node.value))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if final_name(node.func) == "cast" and node.args:
            self.annotations.add(id(node.args[0]))
        self.generic_visit(node)


def final_name(node: ast.expr) -> str | None:
    """``c`` for ``a.b.c`` and for ``c``; None for other expressions."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None
