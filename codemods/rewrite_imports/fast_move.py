"""The ``rewrite_imports`` stage without LibCST, for the files where it is plainly decidable (pure).

After the rename stage, the common file imports legacy names with one-line from-imports such as
``from app.old import Engine as UserEngine, helper``. Moving those imports needs no scope
analysis: each statement becomes the kept names (under the module they came from) followed by
one statement per canonical module, names in their order, on lines of their own with the
statement's indentation and line ending. A trailing comment stays on the first line (a tool
directive such as ``# noqa`` goes on every line). That is what ``RewriteImportsCommand``
writes for such a statement, so this is a splice of whole lines. A from-import in any other
layout (parentheses, comments, several lines, sharing a line) whose names all move to one
module keeps its layout: the command changes its module and the names' text only, and so does
this. A module-level import of a legacy module read only as ``m.Name`` (``import app.old as
m``, ``from app import old``) is planned by ``fast_modules`` and written like the first kind,
its uses spliced.

``move_fast`` returns None whenever any condition is in doubt, and the caller runs the LibCST
command instead: an import of a parent package of a legacy module, a legacy module binding
``fast_modules`` declines, a star import, a name mapped to ``Class.attr``, a legacy import whose
names do not all move to one module and that spreads over several lines, shares its line or
continues the one above, or has parentheses, a backslash or unusual spacing, a moved name that another import in the file binds too (the command
drops such duplicates, block by block), or any byte ``rename_fast`` would decline. The test
suite checks, on every snapshot input and on generated modules, that whenever it answers, it
answers exactly what the LibCST command writes.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, replace

from codemods._support import line_starts, parse_or_none, plain_bytes, relative_form, resolve_module
from codemods.rewrite_imports.directives import is_directive_comment
from codemods.rewrite_imports.fast_modules import IMPORT, Key, ModuleMoves
from ssot_refactor.model import FileContext, Target, nodes_of

#: what may follow an import on its line: blanks, then a comment or nothing, then the line end
_REST = re.compile(rb"([ \t]*)(#[^\r\n]*)?(\r?\n)?\Z")


#: statements of this kind end on the line their last part ends on (blank lines after them lead the next)
_SIMPLE = (
    ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Pass,
    ast.Delete, ast.Global, ast.Nonlocal, ast.Assert, ast.Raise, ast.Return, ast.Break, ast.Continue,
)  # fmt: skip


@dataclass(frozen=True)
class _Line:
    """A one-line import statement to replace: its byte range and the lines it becomes."""

    start: int
    end: int
    text: bytes
    moved: tuple[str, ...] = ()  #: the local names of the bindings that move


#: ``_from_import``'s answer for a statement that binds a legacy module (``fast_modules`` plans it)
_MODULES = _Line(0, 0, b"")


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
    starts = line_starts(source)
    rewritten: list[_Line] = []
    bound: Counter[str] = Counter()  # how many imports of the file bind each local name
    moved: list[str] = []  # the local names of the bindings moved by name
    modules: list[ast.Import | ast.ImportFrom] = []  # the statements that bind legacy modules
    for node in nodes_of(tree, ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            if any(_reaches_legacy(alias.name, ctx) for alias in node.names):
                modules.append(node)
            bound.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found = _from_import(node, source, starts, ctx)
            if found is None:
                return None
            locals_, line = found
            bound.update(locals_)
            if line is _MODULES:
                modules.append(node)
            elif line is not None:
                rewritten.append(line)
                moved += line.moved
    if any(bound[local] > 1 for local in moved):
        return None  # another import binds it too: the command may drop one of them
    spliced = _module_moves(modules, tree, source, starts, ctx) if modules else []
    return None if spliced is None else rewritten + spliced


def _module_moves(
    modules: list[ast.Import | ast.ImportFrom],
    tree: ast.Module,
    source: bytes,
    starts: list[int],
    ctx: FileContext,
) -> list[_Line] | None:
    """The new lines of the statements that bind legacy modules, and their uses spliced."""
    planner = ModuleMoves(tree, source, starts, ctx)
    lines: list[_Line] = []
    for node in sorted(modules, key=lambda statement: (statement.lineno, statement.col_offset)):
        found = _module_lines(node, planner, tree, source, starts)
        if found is None:
            return None
        lines += found
    return lines


def _module_lines(
    node: ast.Import | ast.ImportFrom,
    planner: ModuleMoves,
    tree: ast.Module,
    source: bytes,
    starts: list[int],
) -> list[_Line] | None:
    """The new lines of one statement that binds legacy modules, and its uses spliced."""
    move = planner.plan(node)
    if move is None:
        return None
    if not move.moved:
        return []
    groups = {_own_key(node): move.own, **move.groups} if move.own else dict(move.groups)
    line = (
        _line(node, source, starts, _own_key(node), groups) if groups else _vanish(node, tree, source, starts)
    )
    if line is None:
        return None
    return [line, *(_Line(start, end, text) for start, end, text in move.edits)]


def _vanish(
    node: ast.Import | ast.ImportFrom, tree: ast.Module, source: bytes, starts: list[int]
) -> _Line | None:
    """The removal of a module-level statement left with no name, as the command removes it: the
    blank lines above it go too (they are its leading lines); comment lines above it, or a
    statement before it that is not simple, are out of this path's reach."""
    at = tree.body.index(node)
    if (
        at == 0
        or not isinstance(tree.body[at - 1], _SIMPLE)
        or _line(node, source, starts, _own_key(node), {}) is None
    ):
        return None
    first = (tree.body[at - 1].end_lineno or 0) + 1
    if any(source[starts[line - 1] : starts[line]].strip() for line in range(first, node.lineno)):
        return None
    end = starts[node.lineno] if node.lineno < len(starts) else len(source)
    return _Line(starts[first - 1], end, b"")


def _from_import(
    node: ast.ImportFrom, source: bytes, starts: list[int], ctx: FileContext
) -> tuple[list[str], _Line | None] | None:
    """The local names a from-import binds after the rewrite, and its new line when it moves
    (``_MODULES`` when it binds a legacy module or a package holding one)."""
    module = resolve_module(node.module or "", node.level, ctx.module, ctx.is_package)
    if module is None or any(alias.name == "*" for alias in node.names):
        return None
    locals_ = [alias.asname or alias.name for alias in node.names]
    if any(_reaches_legacy(f"{module}.{alias.name}", ctx) for alias in node.names):
        return locals_, _MODULES  # binds a legacy module, or a package on the way to one
    targets = [ctx.name_map.canonical_for(module, alias.name) for alias in node.names]
    if all(target is None for target in targets):
        return locals_, None
    if any(target is not None and "." in target.name for target in targets):
        return None
    written = _own_key(node)
    groups: dict[Key, list[str]] = {}
    for alias, target, local in zip(node.names, targets, locals_):
        if target is None:
            key, name = written, alias.name
        else:  # written as the command writes it: relative when the dots' package holds it
            level, text = relative_form(target.module, node.level, ctx.module, ctx.is_package)
            key, name = (True, "." * level, text), target.name
        groups.setdefault(key, []).append(_alias_text(name, local))
    line = _line(node, source, starts, written, groups) or _retargeted(node, source, starts, groups, targets)
    if line is None:
        return None
    moved = tuple(local for target, local in zip(targets, locals_) if target is not None)
    return locals_, replace(line, moved=moved)


def _retargeted(
    node: ast.ImportFrom,
    source: bytes,
    starts: list[int],
    groups: dict[Key, list[str]],
    targets: list[Target | None],
) -> _Line | None:
    """A from-import in any layout (parentheses, comments, several lines) whose names all move to
    one other module: the command writes it back with its module and each name's text changed
    (``Engine as UserEngine`` becomes ``UserEngine``), commas, comments and lines kept.

    Written ``from <dots><module> import `` and each name ``X`` or ``X as Y`` with single spaces,
    every name mapped to the same canonical module, a named module on both sides; else None.
    """
    if len(groups) != 1 or not node.module:
        return None
    ((key, texts),) = groups.items()
    _, dots, text = key
    if not text or key == _own_key(node) or any(target is None for target in targets):
        return None
    start = starts[node.lineno - 1] + node.col_offset
    written = f"{'.' * node.level}{node.module}".encode()
    if not source.startswith(b"from " + written + b" import ", start):
        return None
    edits = [(start + 5, start + 5 + len(written), f"{dots}{text}".encode())]
    for alias, new in zip(node.names, texts):
        if alias.end_col_offset is None or alias.end_lineno is None:
            return None
        first = starts[alias.lineno - 1] + alias.col_offset
        last = starts[alias.end_lineno - 1] + alias.end_col_offset
        if source[first:last] != _alias_text(alias.name, alias.asname or alias.name).encode():
            return None
        edits.append((first, last, new.encode()))
    middle, at = [], edits[0][0]
    for first, last, replacement in edits:
        middle += [source[at:first], replacement]
        at = last
    return _Line(edits[0][0], at, b"".join(middle))


def _line(
    node: ast.Import | ast.ImportFrom,
    source: bytes,
    starts: list[int],
    written: Key,
    groups: dict[Key, list[str]],
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
    if isinstance(node, ast.Import):
        names = ", ".join(_alias_text(alias.name, alias.asname or "") for alias in node.names)
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


def _statement(key: Key, names: str) -> str:
    is_from, dots, text = key
    if not is_from:
        return f"import {names}"
    return f"from {dots}{text} import {names}" if text else f"from {dots} import {names}"


def _own_key(node: ast.Import | ast.ImportFrom) -> Key:
    """Where the names the statement keeps are written: the statement as it is."""
    if isinstance(node, ast.Import):
        return IMPORT
    return True, "." * node.level, node.module or ""


def _alias_text(name: str, local: str) -> str:
    return name if name == local or not local else f"{name} as {local}"


def _reaches_legacy(module: str, ctx: FileContext) -> bool:
    """``module`` is a legacy module or a package that holds one."""
    return any(legacy == module or legacy.startswith(module + ".") for legacy in ctx.name_map.legacy_modules)
