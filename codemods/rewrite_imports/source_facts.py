"""What the stdlib tree says about each name of a file, for ``light_scope`` (pure).

How each name is bound (by imports of the module's scope, or any other way in any scope),
where it is read, which dotted attributes are assigned or deleted, and which strings LibCST's
scope analysis may read as annotations. A file with a ``match`` statement or PEP 695 syntax
is out of ``light_scope``'s reach as a whole (``usable``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from codemods._support import own_scope_statements
from ssot_refactor.model import tree_nodes

Position = tuple[int, int]


@dataclass
class SourceFacts:
    """What the stdlib tree says about each name: how it is bound, where it is read."""

    #: name -> (imports in the module's scope binding it, end of the last of them)
    imported: dict[str, tuple[int, Position]] = field(default_factory=dict)
    other: set[str] = field(default_factory=set)  #: names bound any other way, in any scope
    loads: dict[str, list[Position]] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)  #: dotted attributes assigned or deleted (``a.b.c``)
    #: names a module-level ``from typing import X`` (or ``typing_extensions``) binds
    typing_names: set[str] = field(default_factory=set)
    imported_anywhere: set[str] = field(default_factory=set)  #: names some import binds, in any scope
    usable: bool = True

    @classmethod
    def of(cls, tree: ast.Module) -> SourceFacts:
        facts = cls()
        module_level = {id(statement) for statement in own_scope_statements(tree.body)}
        for node in tree_nodes(tree):
            facts.read(node, id(node) in module_level)
        return facts

    def read(self, node: ast.AST, module_level: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    self.bind_import(alias, node, module_level)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                self.loads.setdefault(node.id, []).append((node.lineno, node.col_offset))
            else:
                self.other.add(node.id)
        elif isinstance(node, ast.Attribute):
            if not isinstance(node.ctx, ast.Load):
                self.stored.add(_dotted(node))
        else:
            self.other.update(_bound_otherwise(node))
            self.usable = self.usable and not _out_of_reach(node)

    def bind_import(
        self, alias: ast.alias, statement: ast.Import | ast.ImportFrom, module_level: bool
    ) -> None:
        if alias.asname is not None:
            names = [alias.asname]
        elif isinstance(statement, ast.Import):
            parts = alias.name.split(".")
            names = [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
        else:
            names = [alias.name]
        self.imported_anywhere.update(names)
        typing = ("typing", "typing_extensions")
        if (
            module_level
            and isinstance(statement, ast.ImportFrom)
            and not statement.level
            and statement.module in typing
        ):
            self.typing_names.update(names)
        for name in names:
            if not module_level:
                self.other.add(name)
                continue
            count, end = self.imported.get(name, (0, (0, 0)))
            here = (statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
            self.imported[name] = (count + 1, max(end, here))


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a chain of names (a chain through anything else gets a ``?`` part)."""
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else "?"


def _bound_otherwise(node: ast.AST) -> list[str]:
    """The names a definition, parameter, handler or declaration binds."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.ExceptHandler):
        return [node.name] if node.name else []
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    return []


def _out_of_reach(node: ast.AST) -> bool:
    """A ``match`` statement or PEP 695 syntax: scopes this module does not model."""
    return (
        isinstance(node, ast.Match)
        or type(node).__name__ == "TypeAlias"
        or bool(getattr(node, "type_params", None))
    )


def hint_strings(tree: ast.Module, typing_calls: bool) -> list[str]:
    """The strings LibCST's scope analysis may read as annotations: in annotations, subscripts
    and, when the file may call them, the arguments of ``typing.cast``/``TypeVar``/``NewType``."""
    found: list[str] = []
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, hint = stack.pop()
        if hint and isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        stack.extend(
            (child, hint or _hints(node, child, typing_calls)) for child in ast.iter_child_nodes(node)
        )
    return found


def _hints(parent: ast.AST, child: ast.AST, typing_calls: bool) -> bool:
    """Whether LibCST's scope analysis may read a string in ``child`` as an annotation."""
    if isinstance(parent, ast.Subscript):
        return True
    if isinstance(parent, (ast.arg, ast.AnnAssign)):
        return child is parent.annotation
    if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return child is parent.returns
    if isinstance(parent, ast.Call):
        return typing_calls and child is not parent.func
    return False
