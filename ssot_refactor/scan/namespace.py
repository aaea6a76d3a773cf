"""Scan stage: what one module's syntax tree binds and defines, for the index (pure, stdlib ``ast``).

The names a scope binds (``global``/``nonlocal`` ones left out), the literal ``__all__``, the
top-level definitions and classes, and ``dotted_chain`` for ``a.b.c`` attribute chains.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from ssot_refactor.scan.records import ClassInfo


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


#: expressions whose bodies bind in a scope of their own
_NESTED_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_DECLARATIONS = (ast.Global, ast.Nonlocal)
_TARGET_CONTEXTS = (ast.Store, ast.Del)


def bound_names(scope_node: ast.AST, walrus: bool = True) -> set[str]:
    """Names bound directly in a scope (not in nested scopes), minus ``global``/``nonlocal`` ones.

    Match patterns bind names too (``case name``, ``case [*name]``, ``case {**name}``, ``case P()
    as name``). The nodes ``_walk_scope`` yields, read in one loop: the index asks this of every function,
    class and comprehension of each file it reads, and the generator chain was half its time.
    With ``walrus=False`` (no ``:=`` in the file) expressions that are not assignment targets
    are not entered.
    """
    bound = _parameter_names(scope_node)
    declared: set[str] = set()
    stack: list[object] = list(_scope_roots(scope_node))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.expr):
            descend = _expression_binds(node, bound, walrus)
        else:
            descend = _statement_binds(node, bound, declared, stack)
        if descend:  # then ``node`` is an ast.AST
            for name in node._fields:  # type: ignore[attr-defined]
                value = getattr(node, name, None)
                if isinstance(value, list):
                    stack.extend(value)
                elif isinstance(value, ast.AST):
                    stack.append(value)
    return bound - declared


def _expression_binds(node: ast.expr, bound: set[str], walrus: bool) -> bool:
    """Record what an expression binds; whether to walk its children."""
    target = isinstance(getattr(node, "ctx", None), _TARGET_CONTEXTS)
    if type(node) is ast.Name:
        if target:
            bound.add(node.id)
        return False
    if not (target or walrus):
        return False
    if type(node) is ast.NamedExpr and isinstance(node.target, ast.Name):
        bound.add(node.target.id)
    return not isinstance(node, _NESTED_SCOPES)


def _statement_binds(node: object, bound: set[str], declared: set[str], stack: list[object]) -> bool:
    """Record what a node other than an expression binds or declares; whether to walk its children
    (a definition's decorators and bases are put on ``stack`` here, its body is its own scope)."""
    if isinstance(node, _DEFINITIONS):
        bound.add(node.name)
        stack.extend(node.decorator_list)
        if isinstance(node, ast.ClassDef):
            stack.extend(node.bases)
        return False
    if isinstance(node, _IMPORTS):
        bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
        return False
    if isinstance(node, _DECLARATIONS):
        declared.update(node.names)
        return False
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
        bound.add(node.name)  # ``except E as name``, ``case name``, ``case [*name]``, ``case P() as name``
    elif isinstance(node, ast.MatchMapping) and node.rest:
        bound.add(node.rest)  # ``case {**name}``
    # anything else in a list of children is not a node: a dict's ``**`` (None), a pattern's name
    return isinstance(node, ast.AST)


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
        if (
            not values
            and isinstance(node, ast.expr)
            and not isinstance(getattr(node, "ctx", None), (ast.Store, ast.Del))
        ):
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


def module_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that bind in the module's namespace, in source order: those of the
    module body and of the blocks in it (``if``, ``try``, ``with``...), not of a def or class."""
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            blocks = [child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.expr)]
            stack.extend(reversed(blocks))


def literal_all(tree: ast.Module) -> tuple[str, ...] | None:
    """The names of a literal ``__all__`` (``+=`` included); None when absent or computed."""
    names: list[str] | None = None
    for statement in tree.body:
        value: ast.expr | None = None
        if (
            isinstance(statement, ast.Assign)
            and any(_is_all(t) for t in statement.targets)
            or isinstance(statement, ast.AnnAssign)
            and _is_all(statement.target)
        ):
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


def top_level_definitions(tree: ast.Module, walrus: bool = True) -> tuple[tuple[str, int], ...]:
    """The names the module body binds (``__all__`` aside), each with its first line, in line order."""
    defined: dict[str, int] = {}
    for node in _walk_scope(tree.body, values=walrus):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.setdefault(node.name, node.lineno)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id != "__all__":
            defined.setdefault(node.id, node.lineno)
    return tuple(sorted(defined.items(), key=lambda item: item[1]))


def top_level_classes(tree: ast.Module) -> tuple[ClassInfo, ...]:
    """The classes the module body defines: where, their bases and their methods."""
    classes = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            methods = tuple(
                item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
            bases = tuple(chain for chain in map(dotted_chain, node.bases) if chain)
            classes.append(ClassInfo(node.name, node.lineno, bases, methods, bool(node.decorator_list)))
    return tuple(classes)
