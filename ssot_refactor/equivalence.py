"""Verify stage: prove a rewrite changed nothing but the declared renames (pure, stdlib ``ast`` only).

``check_equivalent(before, after, ctx)`` brings both sources to one normal form and compares their
``ast.dump``. The normal form erases exactly the differences a migration may make, so any other
change (a constant, an unrelated name, a statement, a shadowed local renamed) shows up:

- Imports: each run of consecutive import statements in a block becomes one set of bindings
  ``local=origin``, with relative imports resolved and origins mapped legacy -> canonical.
  Bindings of a mapped target move to one set per block (the rewrite may merge or move them
  within the block); imports of legacy and canonical *modules* are dropped, since every
  reference through them is normalised below. An import that binds again, later in its block,
  what an earlier one there bound is dropped when nothing else binds that name in the scope
  (no other origin, no assignment, ``del`` or star import): it changes no binding.
- References: a name bound by imports (in the scope that resolves it, so a shadowing
  parameter or local is left alone) becomes a token naming its origins, whatever its local
  name; for a mapped target that is the canonical target, and ``m.X`` chains through module
  imports become the same token. The local names of other imports stay in the binding sets,
  and a module-level name other files import (``ctx.reexported``) keeps its name. Scopes follow
  Python's rules (function, class, comprehension, lambda; global/nonlocal; a class body reading
  a name before binding it sees the outer binding); names reached through ``eval``,
  ``globals()`` or ``getattr`` with a string are not modelled.
- Strings: a legacy dotted path (or a ``ctx.path_renames`` prefix) becomes canonical; the
  module string of ``import_module`` becomes its legacy/canonical module group;
  ``patch.object(module, "X", ...)`` becomes ``patch("module.X", ...)``; string annotations
  are parsed and normalised as code. Docstrings and f-string text are compared as written.

Both sides get the same treatment, so an output that leaves a spot unchanged (and warns) is
still equivalent: this is a safety check, not a completeness check (``ssot-refactor check``
finds legacy references left behind).
"""

from __future__ import annotations

import ast
import copy
import difflib
import io
import tokenize
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import final

from ssot_refactor.model import FileContext, is_dotted_name

_BLOCK_FIELDS = ("body", "orelse", "finalbody")


class ImportSet(ast.stmt):
    """A run of import statements as one node: its bindings and its mapped-target origins."""

    _fields = ("bindings", "migrated")

    def __init__(
        self, bindings: tuple[str, ...] = (), migrated: tuple[str, ...] = (), settled: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.bindings = bindings
        self.migrated = migrated
        #: the bindings whose name the scope binds to that origin only (not compared: a repeat of
        #: one of them later in the block changes nothing)
        self.settled = settled


@dataclass(frozen=True, slots=True)
class Renames:
    """What the normal form maps, derived once from a FileContext."""

    paths: tuple[tuple[str, str], ...]  #: (legacy prefix, canonical prefix), longest first
    canonical: frozenset[str]  #: dotted paths of canonical targets
    modules: frozenset[str]  #: legacy and canonical modules (their imports are dropped)
    module_groups: tuple[tuple[str, str], ...]  #: (module, group token) for import_module strings
    ctx: FileContext
    #: the rules for string constants: an identity path rename keeps a path as written there
    string_paths: tuple[tuple[str, str], ...] = ()
    #: canonical dotted path -> the module-level name an import binds for it (``m.Name`` for
    #: ``m:Name.attr``), so ``from m import Name`` counts as an import of ``m:Name.attr``
    heads: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, ctx: FileContext) -> Renames:
        """The renames a file context declares."""
        rules = {legacy: canonical for legacy, canonical in ctx.path_renames if legacy != canonical}
        strings = dict(ctx.path_renames)
        for legacy, target in ctx.name_map:
            rules.setdefault(legacy.dotted, target.dotted)
            strings.setdefault(legacy.dotted, target.dotted)
        paths = tuple(sorted(rules.items(), key=lambda rule: (-len(rule[0]), rule[0])))
        string_paths = tuple(
            sorted(
                ((legacy, canonical) for legacy, canonical in strings.items() if legacy != canonical),
                key=lambda rule: (-len(rule[0]), rule[0]),
            )
        )
        modules = frozenset(ctx.name_map.legacy_modules) | frozenset(ctx.name_map.canonical_modules)
        heads = tuple((target.dotted, f"{target.module}.{target.head}") for _, target in ctx.name_map)
        return cls(paths, frozenset(rules.values()), modules, module_groups(ctx), ctx, string_paths, heads)

    def path(self, text: str, rules: tuple[tuple[str, str], ...] | None = None) -> str:
        """``text`` with a legacy dotted-path prefix replaced by its canonical one."""
        if not is_dotted_name(text):
            return text
        for legacy, canonical in self.paths if rules is None else rules:
            if text == legacy or text.startswith(legacy + "."):
                return canonical + text[len(legacy) :]
        return text

    def string(self, text: str) -> str:
        """A string constant's dotted path, normalised as the patch-target codemod rewrites it."""
        return self.path(text, self.string_paths)

    def migrated_head(self, origin: str) -> str | None:
        """For an import of a mapped target (or of its head), the head it binds; else None."""
        heads = dict(self.heads)
        if origin in heads:
            return heads[origin]
        if origin in self.canonical or origin in heads.values():
            return origin
        return None

    def module_string(self, text: str) -> str:
        """The group token of a legacy or canonical module name, else ``text``."""
        return dict(self.module_groups).get(text, text)


def module_groups(ctx: FileContext) -> tuple[tuple[str, str], ...]:
    """Legacy modules and their canonical modules, joined into groups that share one token."""
    groups: list[set[str]] = []
    for legacy, canonical in ctx.name_map:
        pair = {legacy.module, canonical.module}
        joined = [group for group in groups if group & pair]
        groups = [group for group in groups if not group & pair]
        groups.append(pair.union(*joined))
    return tuple((module, "<" + "|".join(sorted(group)) + ">") for group in groups for module in group)


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


def absolute_module(level: int, module: str | None, ctx: FileContext) -> str | None:
    """The absolute module of ``from <level dots><module> import``; None when unresolvable."""
    if not level:
        return module
    if ctx.module is None:
        return None
    parts = ctx.module.split(".") if ctx.is_package else ctx.module.split(".")[:-1]
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    joined = ".".join([*base, module] if module else base)
    return joined or None


def import_bindings(node: ast.Import | ast.ImportFrom, ctx: FileContext) -> Iterator[tuple[str, str]]:
    """``(local name, origin)`` for each name an import binds; ``*`` for a star import."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, alias.name
            else:
                yield alias.name.split(".")[0], "import " + alias.name
        return
    module = absolute_module(node.level, node.module, ctx)
    base = module if module is not None else "." * node.level + (node.module or "")
    for alias in node.names:
        yield alias.asname or alias.name, f"{base}.{alias.name}"


def origin_module(origin: str) -> str:
    """The module an origin loads: ``a.b`` for ``import a.b``, else the origin itself."""
    return origin.removeprefix("import ")


def reference_origin(origin: str) -> str:
    """What the bound name refers to: ``a`` for ``import a.b``, else the origin itself."""
    return origin.removeprefix("import ").split(".")[0] if origin.startswith("import ") else origin


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


def collapse_imports(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Merge runs of ImportSets, without the settled bindings an earlier one made; gather every
    mapped binding of the block into one last ImportSet."""
    kept: list[ast.stmt] = []
    migrated: set[str] = set()
    made: set[str] = set()
    first: ast.stmt | None = None
    for statement in statements:
        if not isinstance(statement, ImportSet):
            kept.append(statement)
            continue
        migrated.update(statement.migrated)
        first = first or statement
        bindings = {b for b in statement.bindings if b not in made or b not in statement.settled}
        made.update(statement.bindings)
        previous = kept[-1] if kept else None
        if isinstance(previous, ImportSet):
            previous.bindings = tuple(sorted({*previous.bindings, *bindings}))
        else:
            kept.append(ast.copy_location(ImportSet(bindings=tuple(sorted(bindings)), migrated=()), statement))
    kept = [statement for statement in kept if not isinstance(statement, ImportSet) or statement.bindings]
    if migrated and first is not None:
        kept.append(ast.copy_location(ImportSet(bindings=(), migrated=tuple(sorted(migrated))), first))
    return kept


def normal_form(tree: ast.Module, renames: Renames) -> ast.Module:
    """The tree in the normal form both sides of a rewrite are compared in."""
    binder = Binder(renames)
    binder.visit(tree)
    result = Normaliser(renames, binder).visit(tree)
    assert isinstance(result, ast.Module)
    return result


_NESTED_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def header(node: ast.AST) -> str:
    """The dump of a statement without its nested blocks."""
    shallow = copy.copy(node)
    for name in _NESTED_FIELDS:
        if isinstance(getattr(shallow, name, None), list):
            setattr(shallow, name, [])
    return ast.dump(shallow)


@final
class Difference(str):
    """One difference the safety check found: its message (``line N: ...``), and that line as data."""

    line: int  #: the line the difference is reported at (of the input, or of the output for an added statement)

    def __new__(cls, line: int, message: str) -> Difference:
        found = super().__new__(cls, message)
        found.line = line
        return found


@dataclass(frozen=True, slots=True)
class Sources:
    """The source lines of both sides, for quoting in messages."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    def quote(self, node: ast.AST, after: bool) -> str:
        """``line N: `text``` for the line a node starts on."""
        lines = self.after if after else self.before
        line = getattr(node, "lineno", 0)
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        text = text if len(text) <= 72 else text[:69] + "..."
        return f"line {line}: `{text}`"


def compare_blocks(before: list[ast.AST], after: list[ast.AST], sources: Sources) -> list[Difference]:
    """The differences between two statement lists, each naming a line."""
    matcher = difflib.SequenceMatcher(
        None, [ast.dump(s) for s in before], [ast.dump(s) for s in after], autojunk=False
    )
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for left, right in zip(before[i1:i2], after[j1:j2]):
                found.extend(compare_statements(left, right, sources))
        elif tag == "replace":
            found.append(Difference(
                _line(before[i1]),
                f"{sources.quote(before[i1], False)} differs in the output ({sources.quote(after[j1], True)})",
            ))
        elif tag == "delete":
            found.extend(Difference(_line(node), f"{sources.quote(node, False)} is missing from the output")
                         for node in before[i1:i2])
        else:
            found.extend(Difference(_line(node), f"output {sources.quote(node, True)} is not in the input")
                         for node in after[j1:j2])
    return found


def _line(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 0))


def compare_statements(before: ast.AST, after: ast.AST, sources: Sources) -> list[Difference]:
    """Descend into compound statements whose headers match; else report the statement."""
    if type(before) is type(after) and header(before) == header(after):
        found: list[Difference] = []
        for name in _NESTED_FIELDS:
            left, right = getattr(before, name, None), getattr(after, name, None)
            if isinstance(left, list) and isinstance(right, list):
                found.extend(compare_blocks(left, right, sources))
        if found:
            return found
    return [differs(before, after, sources)]


def differs(before: ast.AST, after: ast.AST, sources: Sources) -> Difference:
    """The message for a statement that changed; same text means a name now binds elsewhere."""
    left, right = sources.quote(before, False), sources.quote(after, True)
    if left.partition(" `")[2] == right.partition(" `")[2]:
        return Difference(_line(before), f"{left} reads or binds different names in the output (line {_line(after)})")
    return Difference(_line(before), f"{left} differs in the output ({right})")


def parse(source: str, side: str) -> ast.Module | Difference:
    """The tree of ``source``, or the difference naming the line it fails to parse on."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return ast.parse(source)
    except SyntaxError as error:
        return Difference(error.lineno or 0, f"line {error.lineno or 0}: the {side} does not parse ({error.msg})")


def check_equivalent(before: str, after: str, ctx: FileContext) -> tuple[Difference, ...]:
    """Differences between ``after`` and ``before`` beyond the declared renames (empty: equivalent)."""
    left, right = parse(before, "input"), parse(after, "output")
    problems = tuple(tree for tree in (left, right) if isinstance(tree, Difference))
    if problems or isinstance(left, Difference) or isinstance(right, Difference):
        return problems
    renames = Renames.of(ctx)
    left, right = normal_form(left, renames), normal_form(right, renames)
    if ast.dump(left) == ast.dump(right):
        return ()
    sources = Sources(tuple(before.splitlines()), tuple(after.splitlines()))
    found = compare_blocks(list(left.body), list(right.body), sources)
    return tuple(found) or (Difference(1, "line 1: the normalised modules differ"),)


def decode(source: bytes) -> str:
    """Decode source bytes with the file's declared encoding (cookie or BOM, else UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def check_equivalent_bytes(before: bytes, after: bytes, ctx: FileContext) -> tuple[Difference, ...]:
    """``check_equivalent`` on file bytes, each side decoded with its own encoding."""
    texts: list[str] = []
    for side, source in (("input", before), ("output", after)):
        try:
            texts.append(decode(source))
        except (SyntaxError, UnicodeDecodeError, LookupError) as error:
            return (Difference(0, f"line 0: the {side} cannot be decoded ({error})"),)
    return check_equivalent(texts[0], texts[1], ctx)
