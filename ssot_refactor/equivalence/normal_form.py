"""Verify stage: references and strings in the safety check's normal form, pass two (pure).

- References: a name bound by imports (in the scope that resolves it, so a shadowing
  parameter or local is left alone) becomes a token naming its origins, whatever its local
  name; for a mapped target that is the canonical target, and ``m.X`` chains through module
  imports become the same token. The local names of other imports stay in the binding sets,
  and a module-level name other files import (``ctx.reexported``) keeps its name.
- Strings: a legacy dotted path (or a ``ctx.path_renames`` prefix) becomes canonical; the
  module string of ``import_module`` becomes its legacy/canonical module group;
  ``patch.object(module, "X", ...)`` becomes ``patch("module.X", ...)``; string annotations
  are parsed and normalised as code. Docstrings and f-string text are compared as written.
"""

from __future__ import annotations

import ast

from ssot_refactor.equivalence.imports import (
    ImportSet,
    collapse_imports,
    import_bindings,
    origin_module,
    reference_origin,
)
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.equivalence.scopes import Binder, Scope, final_name

_BLOCK_FIELDS = ("body", "orelse", "finalbody")


def parse_expression(text: str) -> ast.expr | None:
    """The expression a string annotation holds, or None when it is not one."""
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None


class Normaliser(ast.NodeTransformer):
    """Pass two: rewrite one tree into the normal form, using the scopes of pass one."""

    def __init__(self, renames: Renames, binder: Binder) -> None:
        self.renames = renames
        self.binder = binder
        self.override: Scope | None = None  #: the scope of a parsed string annotation
        self.annotation_depth = 0

    def visit(self, node: ast.AST) -> ast.AST:
        if id(node) not in self.binder.annotations:
            return super().visit(node)  # type: ignore[no-any-return]
        self.annotation_depth += 1
        try:
            return super().visit(node)  # type: ignore[no-any-return]
        finally:
            self.annotation_depth -= 1

    def scope(self, node: ast.AST) -> Scope | None:
        """The scope ``node`` is evaluated in (the outer one for a class body reading ahead)."""
        scope = self.override or self.binder.scope_of.get(id(node))
        if scope is not None and scope.kind == "class" and id(node) in self.binder.outward:
            return scope.parent
        return scope

    def token(self, name: str, scope: Scope | None) -> str | None:
        """The token of a name bound by imports (its origins), else None.

        Every import-bound name is tokenised, so a reference that loses its import (or gains
        one) shows up; the local name of a mapped target may change, and the binding sets of
        the import statements keep every other local name in the comparison.
        """
        home = scope.resolve(name) if scope is not None else None
        origins = home.imports.get(name, set()) if home is not None else set()
        if home is None or not origins:
            return None
        if home.parent is None and name in self.renames.ctx.reexported:
            return None
        return "<" + "|".join(sorted(origins)) + ">"

    def chain_origin(self, node: ast.expr) -> str | None:
        """The dotted path a name or attribute chain refers to through imports."""
        if isinstance(node, ast.Attribute):
            base = self.chain_origin(node.value)
            return None if base is None else f"{base}.{node.attr}"
        if not isinstance(node, ast.Name):
            return None
        scope = self.scope(node)
        home = scope.resolve(node.id) if scope is not None else None
        origins = home.imports.get(node.id, set()) if home is not None else set()
        if home is None or len(origins) != 1:
            return None
        if node.id in home.others and not origins & self.renames.canonical:
            return None
        return next(iter(origins))

    def visit_Global(self, node: ast.Global) -> ast.AST:
        scope = self.scope(node)
        module = scope.module() if scope is not None else None
        node.names = [self.token(name, module) or name for name in node.names]
        return node

    def visit_Nonlocal(self, node: ast.Nonlocal) -> ast.AST:
        scope = self.scope(node)
        outer = scope.parent if scope is not None else None
        node.names = [self.token(name, outer) or name for name in node.names]
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        token = self.token(node.id, self.scope(node))
        return ast.copy_location(ast.Name(id=token, ctx=node.ctx), node) if token else node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        origin = self.chain_origin(node)
        mapped = None if origin is None else self.renames.path(origin)
        if mapped in self.renames.canonical:
            return ast.copy_location(ast.Name(id=f"<{mapped}>", ctx=node.ctx), node)
        return self.generic_visit(node)

    def visit_definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        """A def or class statement binding a mapped name gets the name's token."""
        node.name = self.token(node.name, self.scope(node)) or node.name
        return self.generic_visit(node)

    visit_FunctionDef = visit_definition
    visit_AsyncFunctionDef = visit_definition
    visit_ClassDef = visit_definition

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if not isinstance(node.value, str) or id(node) in self.binder.docstrings:
            return node
        value = self.renames.string(node.value)
        parsed = parse_expression(value) if self.annotation_depth else None
        if parsed is None:
            return ast.copy_location(ast.Constant(value=value), node)
        outer, self.override = self.override, self.scope(node)
        try:
            expression = self.visit(parsed)
        finally:
            self.override = outer
        assert isinstance(expression, ast.expr)
        marker = ast.Name(id="<annotation>", ctx=ast.Load())
        return ast.copy_location(ast.Call(func=marker, args=[expression], keywords=[]), node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        values: list[ast.expr] = []
        for value in node.values:
            visited = self.visit(value) if isinstance(value, ast.FormattedValue) else value
            assert isinstance(visited, ast.expr)
            values.append(visited)
        node.values = values
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        node = self.patch_object_as_patch(node)
        first = node.args[0] if node.args else None
        is_module_call = final_name(node.func) in ("import_module", "__import__")
        if is_module_call and isinstance(first, ast.Constant) and isinstance(first.value, str):
            node.args[0] = ast.copy_location(ast.Constant(self.renames.module_string(first.value)), first)
        return self.generic_visit(node)

    def patch_object_as_patch(self, node: ast.Call) -> ast.Call:
        """``patch.object(module, "X", ...)`` as ``patch("module.X", ...)`` when the module is known."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute) and func.attr == "object" and final_name(func.value) == "patch"
        ):
            return node
        if len(node.args) < 2 or any(isinstance(arg, ast.Starred) for arg in node.args[:2]):
            return node
        owner, attribute = self.chain_origin(node.args[0]), node.args[1]
        if owner is None or not isinstance(attribute, ast.Constant) or not isinstance(attribute.value, str):
            return node
        target = ast.copy_location(ast.Constant(self.renames.string(f"{owner}.{attribute.value}")), attribute)
        return ast.copy_location(
            ast.Call(func=func.value, args=[target, *node.args[2:]], keywords=node.keywords), node
        )

    def visit_import(self, node: ast.Import | ast.ImportFrom) -> ast.AST:
        """An import statement as an ImportSet of its kept and mapped bindings."""
        scope = self.binder.scope_of[id(node)]
        at_module = scope.parent is None
        bindings: list[str] = []
        migrated: list[str] = []
        settled: list[str] = []
        for local, origin in import_bindings(node, self.renames.ctx):
            normalised = self.renames.path(origin)
            if origin_module(origin) in self.renames.modules:
                continue
            head = self.renames.migrated_head(normalised)
            if head is not None and not (at_module and local in self.renames.ctx.reexported):
                migrated.append(head)
                continue
            bindings.append(f"{local}={normalised}")
            if scope.binds_only(local, self.renames.path(reference_origin(origin))):
                settled.append(bindings[-1])
        return ast.copy_location(ImportSet(tuple(bindings), tuple(migrated), tuple(settled)), node)

    visit_Import = visit_import
    visit_ImportFrom = visit_import

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for name in _BLOCK_FIELDS:
            statements = getattr(node, name, None)
            if isinstance(statements, list) and statements and isinstance(statements[0], ast.stmt):
                setattr(node, name, collapse_imports(statements))
        return node


def bind(tree: ast.Module, renames: Renames) -> Binder:
    """Pass one on ``tree``: its scopes (``Binder.scope`` is the module's)."""
    binder = Binder(renames)
    binder.visit(tree)
    return binder


def normalise(tree: ast.Module, renames: Renames, binder: Binder) -> ast.Module:
    """Pass two: ``tree``, with the scopes ``binder`` built on it, in the normal form (in place)."""
    result = Normaliser(renames, binder).visit(tree)
    assert isinstance(result, ast.Module)
    return result


def normal_form(tree: ast.Module, renames: Renames) -> ast.Module:
    """The tree in the normal form both sides of a rewrite are compared in."""
    return normalise(tree, renames, bind(tree, renames))
