"""Cheap, conservative tests that a stage has nothing to do in a file (pure, bytes or stdlib ``ast`` only).

LibCST metadata (scope, qualified names, parents, positions) costs tens of milliseconds per
file and pass; the stdlib parser costs about one. Each test answers "can this stage change
or report anything in this file?" and may only err towards "yes": when it says "no", running the
stage's LibCST command would have returned the file unchanged with no finding (a property the
test suite checks against the commands themselves). A file the stdlib parser cannot read (syntax
newer than the running Python) always gets "yes". The tests of one command live with it
(``rewrite_calls.prefilter``, ``patch_targets.prefilter``); here are the shared ones.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from ssot_refactor.model import FileContext, source_tree

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def parse_or_none(source: bytes) -> ast.Module | None:
    """The stdlib tree of exact bytes, or None when the running Python cannot parse them.

    Shared (``model.source_tree``): the stages of one file ask for the same bytes several times,
    and so does the engine around them. Callers only read the tree.
    """
    return source_tree(source)


def legacy_markers(legacy_modules: Iterable[str]) -> tuple[bytes, ...]:
    """Bytes one of which every import of a legacy module contains: its last component."""
    return tuple(dict.fromkeys(module.rpartition(".")[2].encode() for module in legacy_modules))


def may_import_legacy(source: bytes, legacy_modules: Iterable[str]) -> bool:
    """Cheap prefilter: False only when no import in ``source`` can name a legacy module."""
    return any(marker in source for marker in legacy_markers(legacy_modules))


def imports_no_legacy_module(source: bytes, ctx: FileContext) -> bool:
    """Prefilter of the import codemods: no import in the file can name a legacy module."""
    return not may_import_legacy(source, ctx.name_map.legacy_modules)


def plain_bytes(source: bytes) -> bool:
    """UTF-8 without a BOM, ``\\n`` or ``\\r\\n`` line ends: ast columns are then byte offsets."""
    if source.startswith(b"\xef\xbb\xbf") or source.count(b"\r") != source.count(b"\r\n"):
        return False
    for line in source.split(b"\n", 2)[:2]:
        cookie = _COOKIE.match(line)
        if cookie and cookie.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
            return False
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def own_scope_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a body that run in its own scope (the module's, or a function's): the
    body and inside ``if``/``try``/``with``/loops/``match`` there, not inside a nested function
    or class body."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from own_scope_statements(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            yield from own_scope_statements(handler.body)
        for case in getattr(statement, "cases", []):
            yield from own_scope_statements(case.body)


def line_starts(source: bytes) -> list[int]:
    """The byte offset where each line starts (lines end with ``\\n``; no entry past the end)."""
    starts = [0]
    at = source.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = source.find(b"\n", at + 1)
    if starts[-1] == len(source):
        starts.pop()
    return starts
