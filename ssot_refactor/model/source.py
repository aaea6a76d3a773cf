"""The stdlib tree of exact source bytes, shared by the stages of one file's rewrite (pure).

One file's rewrite asks for the tree of the same bytes several times: the codemods' prefilters
and byte splices, the member checks and the index of the file before and after. ``source_tree``
parses each distinct bytes once (the last few are kept), so every stage must only read the tree.
The safety check, which normalises trees in place, runs last: ``take_tree`` hands it the
shared tree, which then leaves the cache, or a tree of its own.

Most stages also look at every node of that tree, once or several times each; ``tree_nodes``
lists them once per tree, in ``ast.walk`` order, and ``nodes_of`` by kind, so that only the
first look pays for the walk.
"""

from __future__ import annotations

import ast
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar

N = TypeVar("N", bound=ast.AST)

#: sources up to this size are kept (a few at a time); a larger one, such as a generated data
#: table, is parsed each time rather than held in memory
CACHED_BYTES = 1_000_000


#: how many trees are kept: a rewrite's stages read the source, one or two versions in between
#: and the result
KEPT = 4
_TREES: OrderedDict[bytes, ast.Module | None] = OrderedDict()
_LOCK = threading.Lock()
_MISSING = object()


def source_tree(source: bytes) -> ast.Module | None:
    """The tree of ``source`` (decoded by its cookie or BOM, else UTF-8), or None when the running
    Python cannot parse or decode it. Shared: callers only read it."""
    if len(source) > CACHED_BYTES:
        return _parse(source)
    with _LOCK:
        if source in _TREES:
            _TREES.move_to_end(source)
            return _TREES[source]
    tree = _parse(source)
    with _LOCK:
        _TREES[source] = tree
        while len(_TREES) > KEPT:
            _TREES.popitem(last=False)
    return tree


def take_tree(source: bytes) -> ast.Module | None:
    """A tree of ``source`` the caller may change: the shared one, which leaves the cache (with
    its node lists), else a new parse. None when the running Python cannot parse it."""
    with _LOCK:
        found = _TREES.pop(source, _MISSING)
    if found is _MISSING:
        return _parse(source)
    if isinstance(found, ast.Module):
        _NODES.pop(found, None)
        _STATEMENTS.pop(found, None)
        return found
    return None


def take_tree_nodes(
    source: bytes, kinds: Sequence[type[ast.AST]]
) -> tuple[ast.Module | None, dict[type, Sequence[ast.AST]]]:
    """``take_tree``, with the tree's nodes of ``kinds`` by type (listed before it may change)."""
    with _LOCK:
        found = _TREES.pop(source, _MISSING)
    tree = _parse(source) if found is _MISSING else found
    if not isinstance(tree, ast.Module):
        return None, {}
    _STATEMENTS.pop(tree, None)
    listed = _NODES.pop(tree, None)
    if listed is None:
        listed = _index(tree)
    return tree, {kind: listed[1].get(kind, []) for kind in kinds}


def _parse(source: bytes) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
        return None


#: tree -> (its nodes in ``ast.walk`` order, the same nodes by exact type); gone with the tree
_NODES: weakref.WeakKeyDictionary[ast.AST, tuple[tuple[ast.AST, ...], dict[type, list[ast.AST]]]] = (
    weakref.WeakKeyDictionary()
)
#: tree -> the same for the nodes that hold statements only (``nodes_of`` for statement kinds)
_STATEMENTS: weakref.WeakKeyDictionary[ast.AST, tuple[tuple[ast.AST, ...], dict[type, list[ast.AST]]]] = (
    weakref.WeakKeyDictionary()
)


def tree_nodes(tree: ast.AST) -> Sequence[ast.AST]:
    """Every node of ``tree`` in ``ast.walk`` order, listed once per tree; the tree must not change."""
    return _indexed(tree)[0]


def nodes_of(tree: ast.AST, *kinds: type[N]) -> Sequence[N]:
    """The nodes of ``tree`` of exactly these types (the parser makes no subclasses), in
    ``ast.walk`` order; listed once per tree, which must not change.

    Statement kinds alone (imports, say) are read from a list of the statements only while no
    stage has asked for the whole tree: a file whose import moves need only its imports is not
    walked expression by expression.
    """
    found = _NODES.get(tree)
    if found is None and all(issubclass(kind, ast.stmt) for kind in kinds):
        found = _STATEMENTS.get(tree)
        if found is None:
            found = _STATEMENTS[tree] = _index(tree, _statement_children)
    nodes, by_type = found or _indexed(tree)
    if len(kinds) == 1:
        return by_type.get(kinds[0], [])  # type: ignore[return-value]
    wanted = set(kinds)
    return [node for node in nodes if type(node) in wanted]  # type: ignore[misc]


def _indexed(tree: ast.AST) -> tuple[tuple[ast.AST, ...], dict[type, list[ast.AST]]]:
    found = _NODES.get(tree)
    if found is None:
        found = _NODES[tree] = _index(tree)
    return found


def _index(
    tree: ast.AST, children: Callable[[ast.AST, Callable[[ast.AST], None]], None] | None = None
) -> tuple[tuple[ast.AST, ...], dict[type, list[ast.AST]]]:
    """The nodes in ``ast.walk`` order (breadth first, children in field order), and by type;
    with ``children``, only the nodes it hands on from each node listed.

    The loop reads the fields itself: ``ast.walk`` spends most of its time in the generators
    of ``iter_child_nodes`` and ``iter_fields``, and this took 40% less time on the files of
    the 20,000-module benchmark repository.
    """
    nodes: list[ast.AST] = [tree]
    append = nodes.append
    by_type: dict[type, list[ast.AST]] = {}
    for node in nodes:  # the list grows while it is read: each node's children join its end
        kind = type(node)
        same = by_type.get(kind)
        if same is None:
            by_type[kind] = [node]
        else:
            same.append(node)
        if children is not None:
            children(node, append)
            continue
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        append(item)
            elif isinstance(value, ast.AST):
                append(value)
    return tuple(nodes), by_type


#: what holds statements: a statement, and the handler of a ``try`` or the case of a ``match``
#: (their bodies); every statement's parent is one of them or the module
_HOLDS_STATEMENTS = (ast.stmt, ast.excepthandler, ast.match_case)


def _statement_children(node: ast.AST, append: Callable[[ast.AST], None]) -> None:
    """Hand on the children of ``node`` that hold statements, in field order.

    Every statement's ancestors hold statements too, so listing only these, breadth first,
    gives the statements in the order ``ast.walk`` gives them: each at the same depth, after
    the same nodes of that depth.
    """
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list) and value and isinstance(value[0], _HOLDS_STATEMENTS):
            for item in value:
                append(item)
