"""Scan stage: what one class body defines, and the walk of one scope the uses walker shares (pure).

A class's members are what its body defines (methods, properties, class attributes, fields,
nested classes, ``__slots__``) and what its own code stores; a ``__getattr__``, ``setattr`` or
``__dict__`` makes them unknowable. ``walk_scope`` yields the nodes of one scope, nested scopes'
definitions included but not their bodies.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

#: the nodes that open a scope of their own
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_DYNAMIC = frozenset({"__getattr__", "__getattribute__"})


def own_members(node: ast.ClassDef) -> set[str] | None:
    """The members one class body defines or its code stores; None when they are dynamic."""
    names = defined_members(node)
    if names & _DYNAMIC:
        return None
    for item in ast.walk(node):
        if isinstance(item, ast.Call) and (
            is_name(item.func, "setattr")
            or (isinstance(item.func, ast.Attribute) and item.func.attr == "__setattr__")
        ):
            return None  # setattr(self, ...), object.__setattr__(self, ...): members made at run time
        if isinstance(item, ast.Attribute) and item.attr == "__dict__":
            return None
        if isinstance(item, ast.Attribute) and not isinstance(item.ctx, ast.Load):
            names.add(item.attr)  # self.x = ..., cls.x = ..., obj.x = ... in the class's own code
    return names


def defined_members(node: ast.ClassDef) -> set[str]:
    """What a class body defines: methods, properties, class attributes, fields, nested classes."""
    names: set[str] = set()
    for item in walk_scope(node.body):
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(item.name)
        elif isinstance(item, ast.Name) and isinstance(item.ctx, ast.Store):
            names.add(item.id)
        elif isinstance(item, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in item.names)
        elif isinstance(item, ast.Assign) and any(is_name(t, "__slots__") for t in item.targets):
            names.update(_strings(item.value))
    return names


def is_name(node: ast.AST, name: str) -> bool:
    """True when ``node`` is the bare name ``name``."""
    return isinstance(node, ast.Name) and node.id == name


def _strings(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def walk_scope(roots: list[ast.stmt] | list[ast.expr]) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested scopes (their definitions are yielded)."""
    stack: list[ast.AST] = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, SCOPES):
            continue
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        stack.extend(ast.iter_child_nodes(node))
