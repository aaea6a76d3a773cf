"""Index stage: what each candidate file imports, defines and uses, read with the stdlib ``ast`` (pure).

One pass per file records every import with the scope it binds in, and how often each bound
name is used (name loads resolved through the enclosing scopes, so a parameter or local that
shadows an import does not count) and which ``name.attr`` chains hang off it. Files whose syntax
is newer than the running Python's ``ast`` are read with LibCST's parser instead.
"""

from __future__ import annotations

import ast
import builtins
import io
import tokenize
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ssot_refactor.model import Skipped, SkipReason

MODULE_SCOPE = 0
#: names every module has without binding them
MODULE_GLOBALS = frozenset(dir(builtins)) | {
    "__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__", "__path__",
    "__annotations__", "__dict__", "__cached__", "__debug__", "reveal_type", "reveal_locals",
}


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One name bound by an import statement."""

    line: int
    module: str  #: absolute module imported from ("" when a relative import cannot resolve)
    name: str | None  #: imported name; None for ``import module``; "*" for a star import
    local: str  #: the local name (or dotted prefix for ``import a.b.c``) it is used through
    scope: int  #: scope id; MODULE_SCOPE for the module body
    scope_kind: str  #: "module" | "class" | "function"
    guard: str  #: "" | "try" | "type_checking" | "if"
    aliased: bool  #: written with ``as``
    level: int = 0  #: relative import level
    uses: int = 0  #: name loads resolved to this binding
    attrs: tuple[tuple[str, int], ...] = ()  #: ``local.attr`` uses, by attr
    #: ``local.a.b`` uses reaching two attributes deep or more, by ``a.b`` (``pkg.sub.Name`` through a package)
    chains: tuple[tuple[str, int], ...] = ()

    @property
    def target_module(self) -> str:
        """For ``import x.y`` the module bound; for ``from x import y`` the possible submodule x.y."""
        return self.module if self.name is None else f"{self.module}.{self.name}"


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A top-level class: where, its bases and the methods it defines."""

    name: str
    line: int
    bases: tuple[str, ...]
    methods: tuple[str, ...]
    decorated: bool = False  #: has class decorators (they may generate a constructor)


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """Everything the planner and the audit need to know about one parsed file."""

    path: str
    module: str | None
    is_package: bool
    imports: tuple[ImportRecord, ...]
    all_names: tuple[str, ...] | None  #: the literal ``__all__``, None when absent or computed
    defined: tuple[tuple[str, int], ...]  #: top-level names the file defines, with their line
    classes: tuple[ClassInfo, ...] = ()
    strings: tuple[tuple[int, str], ...] = ()  #: dotted-path string constants with their line
    parser: str = "ast"  #: "ast", or "libcst" for syntax newer than the running Python
    #: names loaded but bound nowhere (not even as builtins), with their line; None when unknowable
    undefined: tuple[tuple[str, int], ...] | None = ()

    def module_level_bindings(self) -> Iterator[ImportRecord]:
        """Imports that bind in the module namespace (importable by other files)."""
        return (record for record in self.imports if record.scope == MODULE_SCOPE)

    def defines(self, name: str) -> bool:
        """True when the file itself defines ``name`` at module level."""
        return any(defined == name for defined, _ in self.defined)


def module_name_for(path: str, roots: Iterable[str]) -> tuple[str | None, bool]:
    """Dotted module name of a repository path under the deepest matching source root."""
    if not path.endswith((".py", ".pyi")):
        return None, False
    best = None
    for root in roots:
        prefix = "" if root in ("", ".") else root.rstrip("/") + "/"
        if path.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    if best is None:
        return None, False
    parts = path[len(best):].rsplit(".", 1)[0].split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None, is_package
    return ".".join(parts), is_package


def resolve_relative(module: str | None, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module of ``from <level dots><target> import ...``; "" when it escapes the root."""
    if level == 0:
        return target or ""
    if module is None:
        return ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(package) or (level - 1 == len(package) and not target):
        return ""
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, target] if target else base)


def decode_source(source: bytes) -> str:
    """Decode Python source bytes the way the interpreter does (cookie, BOM, default UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def index_source(path: str, source: bytes, module: str | None, is_package: bool) -> ModuleInfo | Skipped:
    """Index one file; a file that cannot be decoded or parsed becomes ``Skipped`` with the reason."""
    try:
        text = decode_source(source)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return Skipped(path, SkipReason.DECODE_ERROR, str(exc))
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError) as exc:
        return _index_newer_syntax(path, text, module, is_package, exc)
    return _Indexer(path, module, is_package, walrus=":=" in text).run(tree)


def _index_newer_syntax(
    path: str, text: str, module: str | None, is_package: bool, error: SyntaxError | ValueError
) -> ModuleInfo | Skipped:
    """LibCST's parser knows syntax newer than this Python's ``ast``; use it before giving up."""
    line = getattr(error, "lineno", None) or 0
    detail = getattr(error, "msg", None) or str(error)
    from ssot_refactor import cstindex  # deferred: LibCST only for the rare file that needs it

    info = cstindex.index_with_libcst(path, text, module, is_package)
    if info is None:
        return Skipped(path, SkipReason.SYNTAX_ERROR, detail, line)
    return info


# --------------------------------------------------------------------------- the ast indexer


@dataclass(slots=True)
class _Scope:
    ident: int
    kind: str
    bound: set[str] = field(default_factory=set)
    loads: Counter[str] = field(default_factory=Counter)
    chains: dict[str, Counter[str]] = field(default_factory=dict)


class _Indexer(ast.NodeVisitor):
    """Walks one module once, recording imports, definitions, strings and resolved name uses."""

    def __init__(self, path: str, module: str | None, is_package: bool, walrus: bool = True) -> None:
        self.path, self.module, self.is_package = path, module, is_package
        self.walrus = walrus
        self.scopes: list[_Scope] = []
        self.all_scopes: list[_Scope] = []
        self.guards: list[str] = []
        self.raw_imports: list[ImportRecord] = []
        self.strings: list[tuple[int, str]] = []
        self.in_annotation = 0
        self.undefined: list[tuple[str, int]] = []

    def run(self, tree: ast.Module) -> ModuleInfo:
        self._enter(tree, "module")
        self._visit_body(tree)
        imports = tuple(self._with_uses(record) for record in self.raw_imports)
        has_star = any(record.name == "*" for record in imports)
        return ModuleInfo(
            path=self.path, module=self.module, is_package=self.is_package, imports=imports,
            all_names=_literal_all(tree), defined=_top_level_definitions(tree, self.walrus),
            classes=_classes(tree), strings=tuple(self.strings),
            undefined=None if has_star else tuple(self.undefined),
        )

    # scopes -----------------------------------------------------------------

    def _enter(self, node: ast.AST, kind: str) -> _Scope:
        scope = _Scope(len(self.all_scopes), kind, _bound_names(node, self.walrus))
        self.all_scopes.append(scope)
        self.scopes.append(scope)
        return scope

    def _visit_body(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def _resolve(self, name: str) -> _Scope:
        innermost = self.scopes[-1]
        for scope in reversed(self.scopes):
            if name in scope.bound and (scope.kind != "class" or scope is innermost):
                return scope
        return self.scopes[0]

    def _with_uses(self, record: ImportRecord) -> ImportRecord:
        scope = self.all_scopes[record.scope]
        root = record.local.split(".")[0]
        attrs, chains = attribute_uses(record.local, scope.chains.get(root, Counter()).items())
        if "." in record.local:
            uses = sum(attrs.values())
        else:
            uses = scope.loads[root] + sum(scope.chains.get(root, Counter()).values())
        return _replace(record, uses=uses, attrs=tuple(sorted(attrs.items())), chains=tuple(sorted(chains.items())))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            for annotation in _annotations(node):
                self._annotation(annotation)
        self._enter(node, "function")
        for statement in node.body if isinstance(node.body, list) else [node.body]:
            self.visit(statement)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expression)
        self._enter(node, "class")
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> None:
        self.visit(node.generators[0].iter)
        self._enter(node, "function")
        for index, generator in enumerate(node.generators):
            if index:
                self.visit(generator.iter)
            for condition in generator.ifs:
                self.visit(condition)
        for part in (getattr(node, "elt", None), getattr(node, "key", None), getattr(node, "value", None)):
            if part is not None:
                self.visit(part)
        self.scopes.pop()

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def _annotation(self, node: ast.expr) -> None:
        self.in_annotation += 1
        self.visit(node)
        self.in_annotation -= 1

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.target)
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)

    # guards -----------------------------------------------------------------

    def visit_Try(self, node: ast.Try) -> None:
        self._guarded(node, "try")

    def visit_TryStar(self, node: ast.AST) -> None:
        self._guarded(node, "try")

    def visit_If(self, node: ast.If) -> None:
        self._guarded(node, "type_checking" if _is_type_checking(node.test) else "if")

    def _guarded(self, node: ast.AST, guard: str) -> None:
        self.guards.append(guard)
        self._visit_body(node)
        self.guards.pop()

    # uses -------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            scope = self._resolve(node.id)
            scope.loads[node.id] += 1
            if scope.ident == MODULE_SCOPE and node.id not in scope.bound and node.id not in MODULE_GLOBALS:
                self.undefined.append((node.id, getattr(node, "lineno", 0)))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        chain = dotted_chain(node)
        if chain is None:
            self.generic_visit(node)
            return
        root = chain.split(".", 1)[0]
        scope = self._resolve(root)
        scope.chains.setdefault(root, Counter())[chain] += 1
        if scope.ident == MODULE_SCOPE and root not in scope.bound and root not in MODULE_GLOBALS:
            self.undefined.append((root, node.lineno))

    def visit_Constant(self, node: ast.Constant) -> None:
        if self.in_annotation and isinstance(node.value, str):
            self._string_annotation(node.value)
        elif isinstance(node.value, str) and "." in node.value and len(node.value) < 300:
            value = node.value.strip()
            if all(part.isidentifier() for part in value.split(".")):
                self.strings.append((node.lineno, value))

    def _string_annotation(self, text: str) -> None:
        """Names inside a string annotation such as ``"Engine"`` or ``Optional["Engine"]`` are uses."""
        try:
            expression = ast.parse(text.strip(), mode="eval")
        except (SyntaxError, ValueError):
            return
        self.visit(expression.body)

    # imports ----------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            self._record(node, alias.name, None, local, bool(alias.asname), 0)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = resolve_relative(self.module, self.is_package, node.level, node.module)
        for alias in node.names:
            local = alias.asname or alias.name
            self._record(node, module, alias.name, local, bool(alias.asname), node.level)

    def _record(self, node: ast.stmt, module: str, name: str | None, local: str, aliased: bool, level: int) -> None:
        scope = self.scopes[-1]
        self.raw_imports.append(
            ImportRecord(
                line=node.lineno, module=module, name=name, local=local, scope=scope.ident,
                scope_kind=scope.kind, guard=self.guards[-1] if self.guards else "",
                aliased=aliased, level=level,
            )
        )


def attribute_uses(local: str, chains: Iterable[tuple[str, int]]) -> tuple[Counter[str], Counter[str]]:
    """The ``local.attr`` uses by first attribute, and those two attributes deep or more by ``a.b``."""
    prefix = local + "."
    attrs: Counter[str] = Counter()
    deep: Counter[str] = Counter()
    for chain, count in chains:
        if chain.startswith(prefix):
            rest = chain[len(prefix):]
            attrs[rest.split(".")[0]] += count
            if "." in rest:
                deep[rest] += count
    return attrs, deep


def _replace(record: ImportRecord, **changes: object) -> ImportRecord:
    from dataclasses import replace

    return replace(record, **changes)  # type: ignore[arg-type]


def dotted_chain(node: ast.AST) -> str | None:
    """``a.b.c`` for a plain chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.expr]:
    args = node.args
    for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
        if arg is not None and arg.annotation is not None:
            yield arg.annotation
    if node.returns is not None:
        yield node.returns


def _is_type_checking(test: ast.expr) -> bool:
    chain = dotted_chain(test)
    return chain is not None and chain.split(".")[-1] == "TYPE_CHECKING"


def _bound_names(scope_node: ast.AST, walrus: bool = True) -> set[str]:
    """Names bound directly in a scope (not in nested scopes), minus ``global``/``nonlocal`` ones."""
    bound = _parameter_names(scope_node)
    declared: set[str] = set()
    for node in _walk_scope(_scope_roots(scope_node), values=walrus):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            bound.add(node.target.id)
    return bound - declared


def _parameter_names(scope_node: ast.AST) -> set[str]:
    """The names a function's or lambda's parameters bind; empty for any other scope."""
    if not isinstance(scope_node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return set()
    args = scope_node.args
    parameters = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return {arg.arg for arg in parameters if arg is not None}


def _scope_roots(scope_node: ast.AST) -> list[ast.AST]:
    """Where a scope's own bindings are found: a comprehension's targets, a lambda's none, else its body."""
    if isinstance(scope_node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return [generator.target for generator in scope_node.generators]
    if isinstance(scope_node, ast.Lambda):
        return []
    return list(getattr(scope_node, "body", []))


def _walk_scope(roots: Iterable[ast.AST], values: bool = True) -> Iterator[ast.AST]:
    """Walk nodes without descending into nested scopes (their names are their own).

    With ``values=False`` (a file without ``:=``) expressions that are not assignment targets
    are not entered: only a walrus binds a name inside a value, and a generated data table
    of megabytes is then skipped instead of walked node by node.
    """
    stack = list(roots)
    while stack:
        node = stack.pop()
        if not values and isinstance(node, ast.expr) and not isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del)):
            continue
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                stack.extend(node.bases)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def _literal_all(tree: ast.Module) -> tuple[str, ...] | None:
    names: list[str] | None = None
    for statement in tree.body:
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign) and any(_is_all(t) for t in statement.targets) or isinstance(statement, ast.AnnAssign) and _is_all(statement.target):
            names, value = [], statement.value
        elif isinstance(statement, ast.AugAssign) and _is_all(statement.target) and names is not None:
            value = statement.value
        if value is not None and names is not None:
            items = _string_items(value)
            if items is None:
                return None
            names.extend(items)
    return tuple(names) if names is not None else None


def _is_all(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id == "__all__"


def _string_items(value: ast.expr) -> list[str] | None:
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    items = []
    for element in value.elts:
        if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
            return None
        items.append(element.value)
    return items


def _top_level_definitions(tree: ast.Module, walrus: bool = True) -> tuple[tuple[str, int], ...]:
    defined: dict[str, int] = {}
    for node in _walk_scope(tree.body, values=walrus):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.setdefault(node.name, node.lineno)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id != "__all__":
            defined.setdefault(node.id, node.lineno)
    return tuple(sorted(defined.items(), key=lambda item: item[1]))


def _classes(tree: ast.Module) -> tuple[ClassInfo, ...]:
    classes = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            methods = tuple(
                item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
            bases = tuple(chain for chain in map(dotted_chain, node.bases) if chain)
            classes.append(ClassInfo(node.name, node.lineno, bases, methods, bool(node.decorator_list)))
    return tuple(classes)
