"""The ``rewrite_imports`` stage without LibCST, for the files where it is plainly decidable (pure).

After the rename stage, the common file imports legacy names with one-line from-imports such as
``from app.old import Engine as UserEngine, helper`` and imports no legacy module itself. Moving
those imports needs no scope analysis: each statement becomes the kept names (under the module
they came from) followed by one statement per canonical module, names in their order, on lines
of their own with the statement's indentation and line ending. A trailing comment stays on the
first line (a tool directive such as ``# noqa`` goes on every line). That is what
``RewriteImportsCommand`` writes for such a statement, so this is a splice of whole lines.

``move_fast`` returns None whenever any condition is in doubt, and the caller runs the LibCST
command instead: an import of a legacy module or of a parent package of one (``import app.old``,
``from app import old``), a star import, a name mapped to ``Class.attr``, a legacy import spread
over several lines, sharing its line or continuing the one above, parentheses, a backslash,
unusual spacing, a moved name that another import in the file binds too (the command drops such
duplicates, block by block), or any byte ``rename_fast`` would decline. The test suite checks, on
every snapshot input and on generated modules, that whenever it answers, it answers exactly what
the LibCST command writes.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, replace

from codemods._support import parse_or_none, plain_bytes, relative_form, resolve_module
from codemods.rewrite_imports.nodes import is_directive_comment
from ssot_refactor.model import FileContext, nodes_of

#: what may follow an import on its line: blanks, then a comment or nothing, then the line end
_REST = re.compile(rb"([ \t]*)(#[^\r\n]*)?(\r?\n)?\Z")


@dataclass(frozen=True)
class _Line:
    """A one-line import statement to replace: its byte range and the lines it becomes."""

    start: int
    end: int
    text: bytes
    moved: tuple[str, ...] = ()  #: the local names of the bindings that move


def move_fast(source: bytes, ctx: FileContext) -> bytes | None:
    """The bytes ``rewrite_imports`` would write (without findings), or None when unsure."""
    if not plain_bytes(source):
        return None
    tree = parse_or_none(source)
    if tree is None:
        return None
    lines = _lines(tree, source, ctx)
    if lines is None:
        return None
    if not lines:
        return source
    out: list[bytes] = []
    at = 0
    for line in sorted(lines, key=lambda found: found.start):
        out += [source[at : line.start], line.text]
        at = line.end
    out.append(source[at:])
    after = b"".join(out)
    return after if parse_or_none(after) is not None else None


def _lines(tree: ast.Module, source: bytes, ctx: FileContext) -> list[_Line] | None:
    """The statements to rewrite; None when one import is out of this path's reach."""
    starts = _line_starts(source)
    rewritten: list[_Line] = []
    bound: Counter[str] = Counter()  # how many imports of the file bind each local name
    moved: list[str] = []  # the local names of the moved bindings
    for node in nodes_of(tree, ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            if any(_reaches_legacy(alias.name, ctx) for alias in node.names):
                return None
            bound.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found = _from_import(node, source, starts, ctx)
            if found is None:
                return None
            locals_, line = found
            bound.update(locals_)
            if line is not None:
                rewritten.append(line)
                moved += line.moved
    if any(bound[local] > 1 for local in moved):
        return None  # another import binds it too: the command may drop one of them
    return rewritten


def _from_import(
    node: ast.ImportFrom, source: bytes, starts: list[int], ctx: FileContext
) -> tuple[list[str], _Line | None] | None:
    """The local names a from-import binds after the rewrite, and its new line when it moves."""
    module = resolve_module(node.module or "", node.level, ctx.module, ctx.is_package)
    if module is None or any(alias.name == "*" for alias in node.names):
        return None
    if any(_reaches_legacy(f"{module}.{alias.name}", ctx) for alias in node.names):
        return None  # binds a legacy module, or a package on the way to one
    targets = [ctx.name_map.canonical_for(module, alias.name) for alias in node.names]
    locals_ = [alias.asname or alias.name for alias in node.names]
    if all(target is None for target in targets):
        return locals_, None
    if any(target is not None and "." in target.name for target in targets):
        return None
    written = ("." * node.level, node.module or "")
    groups: dict[tuple[str, str], list[str]] = {}
    for alias, target, local in zip(node.names, targets, locals_):
        if target is None:
            key, name = written, alias.name
        else:  # written as the command writes it: relative when the dots' package holds it
            level, text = relative_form(target.module, node.level, ctx.module, ctx.is_package)
            key, name = ("." * level, text), target.name
        groups.setdefault(key, []).append(_alias_text(name, local))
    line = _line(node, source, starts, written, groups)
    if line is None:
        return None
    moved = tuple(local for target, local in zip(targets, locals_) if target is not None)
    return locals_, replace(line, moved=moved)


def _line(
    node: ast.ImportFrom,
    source: bytes,
    starts: list[int],
    written: tuple[str, str],
    groups: dict[tuple[str, str], list[str]],
) -> _Line | None:
    """The replacement of the statement's line, when it is alone on a line in the plain spelling.

    The statement keeps the names that stay (the first line), then one statement per canonical
    module follows, in the order their names come.
    """
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return None
    start = starts[node.lineno - 1]
    end = starts[node.lineno] if node.lineno < len(starts) else len(source)
    text = source[start:end]
    indent = text[: node.col_offset]
    statement = text[node.col_offset : node.end_col_offset]
    names = ", ".join(_alias_text(alias.name, alias.asname or alias.name) for alias in node.names)
    if indent.strip(b" \t") or statement != _statement(written, names).encode():
        return None
    if source[:start].rstrip(b"\r\n").endswith(b"\\"):
        return None  # the line continues the one above (``x = 1; \``): not a line of its own
    match = _REST.match(text[node.end_col_offset :])
    if match is None:
        return None
    blanks, comment, newline = match.group(1), match.group(2), match.group(3) or b""
    own = groups.pop(written, None)
    parts = ([_statement(written, ", ".join(own))] if own else []) + [
        _statement(key, ", ".join(aliases)) for key, aliases in groups.items()
    ]
    every = comment is not None and is_directive_comment(comment.decode())
    lines = []
    for number, part in enumerate(parts):
        trail = blanks + comment if comment is not None and (number == 0 or every) else b""
        ending = newline if number == len(parts) - 1 else newline or b"\n"
        lines.append(indent + part.encode() + trail + ending)
    return _Line(start, end, b"".join(lines))


def _statement(module: tuple[str, str], names: str) -> str:
    dots, text = module
    return f"from {dots}{text} import {names}" if text else f"from {dots} import {names}"


def _alias_text(name: str, local: str) -> str:
    return name if name == local else f"{name} as {local}"


def _reaches_legacy(module: str, ctx: FileContext) -> bool:
    """``module`` is a legacy module or a package that holds one."""
    return any(legacy == module or legacy.startswith(module + ".") for legacy in ctx.name_map.legacy_modules)


def _line_starts(source: bytes) -> list[int]:
    """The byte offset where each line starts (lines end with ``\\n``)."""
    starts = [0]
    at = source.find(b"\n")
    while at != -1:
        starts.append(at + 1)
        at = source.find(b"\n", at + 1)
    if starts[-1] == len(source):
        starts.pop()
    return starts
