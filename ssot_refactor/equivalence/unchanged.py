"""Verify stage: set aside the definitions a rewrite left as they were (pure).

A rewrite changes a few lines of a file, and the safety check used to walk all of it twice
(scopes, then normal form) on each side. A module-level ``def`` or ``class`` whose text is the
same on both sides has the same normal form on both sides unless a name it reads is bound
differently at module level: its tree is the same, the renames are the same, and the scopes
inside it are its own. So such a pair is replaced, on both sides, by one ``UnchangedDefinition``
marker each, which binds the definition's name (as the definition does) and carries the pair's
key; only the rest of the file is walked and compared.

A marker stays only where that argument holds:

- the definition binds nothing at module level but its name: no ``global``, ``nonlocal`` or
  ``:=`` anywhere in it (decided before the scopes are built, so they are built right);
- no name it may read is bound differently on the two sides (``rebound``): no such name is a
  word of its text, nor a part of a string in it (the normal form parses a string annotation
  as code, and a string may spell a name with escapes or across literals).

Otherwise the definition is put back before the scopes are built again. A marker never changes
a verdict of "equivalent" into "different" or back: equal markers stand for equal normal forms,
and an unequal result is computed again without markers, for the messages.
"""

from __future__ import annotations

import ast
import bisect
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ssot_refactor.equivalence.scopes import Scope

#: what a definition set aside may be
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: nodes that may bind a name in an enclosing scope (conservatively: anywhere in the definition)
_BINDS_OUTSIDE = (ast.Global, ast.Nonlocal, ast.NamedExpr)
#: the node kinds of the input's tree that ``set_aside`` reads
KINDS = (*_BINDS_OUTSIDE, ast.Constant, ast.JoinedStr)


class UnchangedDefinition(ast.stmt):
    """A module-level definition that is the same on both sides: it binds ``name``; ``key`` pairs it."""

    _fields = ("key",)

    def __init__(self, name: str = "", key: int = 0) -> None:
        super().__init__()
        self.name = name
        self.key = key


@dataclass(frozen=True, slots=True)
class _Pair:
    key: int
    left: int  #: the index of the definition in each module body
    right: int
    first: int  #: its lines in the input (the first decorator's to the last)
    last: int


@dataclass
class SetAside:
    """The definitions set aside in two module bodies, and what is needed to put them back."""

    left: ast.Module
    right: ast.Module
    lines: Sequence[str]  #: the input's lines
    nodes: Mapping[type, Sequence[ast.AST]]  #: the input tree's nodes of ``KINDS``, by type
    pairs: list[_Pair] = field(default_factory=list)
    originals: dict[int, tuple[ast.stmt, ast.stmt]] = field(default_factory=dict)

    def restore_unsafe(self, left_scope: Scope, right_scope: Scope) -> bool:
        """Put back every pair that may read a name bound differently; True when any went back."""
        names = rebound(left_scope, right_scope)
        if not names or not self.pairs:
            return False
        marked = self._string_lines(names)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)")
        unsafe = [pair for pair in self.pairs if self._reads(pair, pattern, marked)]
        for pair in unsafe:
            left, right = self.originals.pop(pair.key)
            self.left.body[pair.left], self.right.body[pair.right] = left, right
        self.pairs = [pair for pair in self.pairs if pair.key in self.originals]
        return bool(unsafe)

    def _reads(self, pair: _Pair, pattern: re.Pattern[str], marked: Sequence[int]) -> bool:
        text = "\n".join(self.lines[pair.first - 1 : pair.last])
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)  # as the parser reads identifiers
        if pattern.search(text):
            return True
        at = bisect.bisect_left(marked, pair.first)
        return at < len(marked) and marked[at] <= pair.last

    def _string_lines(self, names: set[str]) -> list[int]:
        """The input's lines holding a string that contains one of ``names`` (sorted)."""

        def hit(node: ast.AST) -> bool:
            value = getattr(node, "value", None)
            return isinstance(value, str) and any(name in value for name in names)

        lines: set[int] = set()
        for node in self.nodes.get(ast.Constant, ()):
            if hit(node):
                lines.update(_span(node))
        lines.update(_in_fstrings(self.nodes, hit))
        return sorted(lines)


def set_aside(
    left: ast.Module, right: ast.Module, before: str, after: str, nodes: Mapping[type, Sequence[ast.AST]]
) -> SetAside | None:
    """Replace the module-level definitions both sides have as the same text by markers.

    ``nodes`` are the input tree's nodes of ``KINDS`` by type. None when nothing was set
    aside, or when the lines of the text may not be the parser's lines (a lone carriage return).
    """
    if _lone_carriage_return(before) or _lone_carriage_return(after):
        return None
    lines, out_lines = before.split("\n"), after.split("\n")
    outside = sorted(
        {line for kind in _BINDS_OUTSIDE for node in nodes.get(kind, ()) for line in _span(node)}
        | _in_fstrings(nodes, lambda node: isinstance(node, _BINDS_OUTSIDE))
    )
    waiting: dict[str, list[tuple[int, int, int]]] = {}
    for index, statement in enumerate(left.body):
        span = _definition_span(statement)
        if span is not None and not _touches(outside, *span):
            text = "\n".join(lines[span[0] - 1 : span[1]])
            waiting.setdefault(text, []).append((index, *span))
    if not waiting:
        return None
    found = SetAside(left, right, lines, nodes)
    for index, statement in enumerate(right.body):
        span = _definition_span(statement)
        same = None if span is None else waiting.get("\n".join(out_lines[span[0] - 1 : span[1]]))
        if not same:
            continue
        at, first, last = same.pop(0)
        pair = _Pair(len(found.pairs), at, index, first, last)
        original = left.body[at]
        assert isinstance(original, _DEFINITIONS) and isinstance(statement, _DEFINITIONS)
        found.originals[pair.key] = (original, statement)
        left.body[at] = ast.copy_location(UnchangedDefinition(original.name, pair.key), original)
        right.body[index] = ast.copy_location(UnchangedDefinition(statement.name, pair.key), statement)
        found.pairs.append(pair)
    return found if found.pairs else None


def rebound(left: Scope, right: Scope) -> set[str]:
    """The names two module scopes bind differently (by other origins, or one otherwise only)."""
    names = left.imports.keys() | left.others | right.imports.keys() | right.others
    return {
        name
        for name in names
        if left.imports.get(name) != right.imports.get(name)
        or (name in left.others) != (name in right.others)
    }


def _definition_span(statement: ast.stmt) -> tuple[int, int] | None:
    if not isinstance(statement, _DEFINITIONS) or statement.end_lineno is None:
        return None
    first = min([statement.lineno, *(decorator.lineno for decorator in statement.decorator_list)])
    return first, statement.end_lineno


def _in_fstrings(nodes: Mapping[type, Sequence[ast.AST]], hit: Callable[[ast.AST], bool]) -> set[int]:
    """The lines of each f-string with a part that ``hit`` accepts: the parts' own positions may
    be approximate, the f-string's are not."""
    return {
        line for node in nodes.get(ast.JoinedStr, ()) if any(map(hit, ast.walk(node))) for line in _span(node)
    }


def _span(node: ast.AST) -> range:
    first = getattr(node, "lineno", 0)
    return range(first, (getattr(node, "end_lineno", None) or first) + 1)


def _touches(lines: Sequence[int], first: int, last: int) -> bool:
    at = bisect.bisect_left(lines, first)
    return at < len(lines) and lines[at] <= last


def _lone_carriage_return(text: str) -> bool:
    return "\r" in text and text.count("\r") != text.count("\r\n")
