"""Scan stage: the import index, what each candidate file imports, defines and uses (pure, stdlib ``ast``).

One pass per file records every import with the scope it binds in, and how often each bound
name is used (name loads resolved through the enclosing scopes, so a parameter or local that
shadows an import does not count) and which ``name.attr`` chains hang off it. Files whose syntax
is newer than the running Python's ``ast`` are read with LibCST's parser instead. The records
it makes live in ``scan.records``; what a scope binds and a module defines, in ``scan.namespace``.
"""

from __future__ import annotations

import ast
import builtins
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ssot_refactor.model import Skipped, SkipReason, source_tree
from ssot_refactor.scan.namespace import (
    bound_names,
    dotted_chain,
    literal_all,
    top_level_classes,
    top_level_definitions,
)
from ssot_refactor.scan.records import MODULE_SCOPE, ImportRecord, ModuleInfo, decode_source, resolve_relative

#: names every module has without binding them
MODULE_GLOBALS = frozenset(dir(builtins)) | {
    "__name__",
    "__file__",
    "__doc__",
    "__spec__",
    "__loader__",
    "__package__",
    "__builtins__",
    "__path__",
    "__annotations__",
    "__dict__",
    "__cached__",
    "__debug__",
    "reveal_type",
    "reveal_locals",
}


def index_source(path: str, source: bytes, module: str | None, is_package: bool) -> ModuleInfo | Skipped:
    """Index one file; a file that cannot be decoded or parsed becomes ``Skipped`` with the reason."""
    tree = source_tree(source)  # shared with the other stages of a rewrite; only read here
    if tree is not None:
        return _Indexer(path, module, is_package, walrus=b":=" in source).run(tree)
    try:
        text = decode_source(source)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return Skipped(path, SkipReason.DECODE_ERROR, str(exc))
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError) as exc:
        return _index_newer_syntax(path, text, module, is_package, exc)
    return _Indexer(path, module, is_package, walrus=":=" in text).run(tree)


def index_tree(path: str, tree: ast.Module, module: str | None, is_package: bool) -> ModuleInfo:
    """Index a module already parsed (or put together from parsed statements); only reads the tree."""
    return _Indexer(path, module, is_package).run(tree)


def _index_newer_syntax(
    path: str, text: str, module: str | None, is_package: bool, error: SyntaxError | ValueError
) -> ModuleInfo | Skipped:
    """LibCST's parser knows syntax newer than this Python's ``ast``; use it before giving up.

    Not for an error no Python version accepts (a merge-conflict marker, Python 2's ``print``
    statement): importing LibCST costs more than ``check`` spends on a hundred files.
    """
    line = getattr(error, "lineno", None) or 0
    detail = getattr(error, "msg", None) or str(error)
    if never_valid(text, line, detail):
        return Skipped(path, SkipReason.SYNTAX_ERROR, detail, line)
    from ssot_refactor.scan import cstindex  # deferred: LibCST only for the rare file that needs it

    info = cstindex.index_with_libcst(path, text, module, is_package)
    if info is None:
        return Skipped(path, SkipReason.SYNTAX_ERROR, detail, line)
    return info


_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def never_valid(text: str, line: int, detail: str) -> bool:
    """Whether a syntax error is one that no Python version, older or newer, accepts: the line
    it names starts with a merge-conflict marker, or it is a Python 2 ``print``/``exec`` statement."""
    if detail.startswith("Missing parentheses in call to "):
        return True
    lines = text.splitlines()
    return 0 < line <= len(lines) and lines[line - 1].startswith(_CONFLICT_MARKERS)


# --------------------------------------------------------------------------- the ast indexer

#: node class -> ``_Indexer`` handler, filled as classes are met
_HANDLERS: dict[type[ast.AST], Callable[[_Indexer, Any], None]] = {}


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

    def visit(self, node: ast.AST) -> None:
        """``NodeVisitor.visit`` with the handler looked up once per node class, not by name per node."""
        kind = type(node)
        handler = _HANDLERS.get(kind)
        if handler is None:
            handler = _HANDLERS[kind] = getattr(type(self), "visit_" + kind.__name__, _Indexer.generic_visit)
        handler(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        """Visit the children: the fields holding nodes, in order (as ``NodeVisitor.generic_visit``)."""
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    def run(self, tree: ast.Module) -> ModuleInfo:
        self._enter(tree, "module")
        self._visit_body(tree)
        imports = tuple(self._with_uses(record) for record in self.raw_imports)
        has_star = any(record.name == "*" for record in imports)
        return ModuleInfo(
            path=self.path,
            module=self.module,
            is_package=self.is_package,
            imports=imports,
            all_names=literal_all(tree),
            defined=top_level_definitions(tree, self.walrus),
            classes=top_level_classes(tree),
            strings=tuple(self.strings),
            undefined=None if has_star else tuple(self.undefined),
        )

    # scopes -----------------------------------------------------------------

    def _enter(self, node: ast.AST, kind: str) -> _Scope:
        scope = _Scope(len(self.all_scopes), kind, bound_names(node, self.walrus))
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
        return _replace(
            record, uses=uses, attrs=tuple(sorted(attrs.items())), chains=tuple(sorted(chains.items()))
        )

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

    def _record(
        self, node: ast.stmt, module: str, name: str | None, local: str, aliased: bool, level: int
    ) -> None:
        scope = self.scopes[-1]
        self.raw_imports.append(
            ImportRecord(
                line=node.lineno,
                module=module,
                name=name,
                local=local,
                scope=scope.ident,
                scope_kind=scope.kind,
                guard=self.guards[-1] if self.guards else "",
                aliased=aliased,
                level=level,
            )
        )


def attribute_uses(local: str, chains: Iterable[tuple[str, int]]) -> tuple[Counter[str], Counter[str]]:
    """The ``local.attr`` uses by first attribute, and those two attributes deep or more by ``a.b``."""
    prefix = local + "."
    attrs: Counter[str] = Counter()
    deep: Counter[str] = Counter()
    for chain, count in chains:
        if chain.startswith(prefix):
            rest = chain[len(prefix) :]
            attrs[rest.split(".")[0]] += count
            if "." in rest:
                deep[rest] += count
    return attrs, deep


def _replace(record: ImportRecord, **changes: object) -> ImportRecord:
    from dataclasses import replace

    return replace(record, **changes)  # type: ignore[arg-type]


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
