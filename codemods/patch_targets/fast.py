"""The ``patch_targets`` stage without LibCST, for the files where it is plainly decidable (pure).

Most files it touches only hold dotted paths in plain string literals (``mock.patch("app.old.
Engine.run")``, a config dict). For those the command rewrites each literal whose whole value
is a legacy path, keeping its prefix and quotes, and nothing else: a splice of each literal's
bytes. ``patch_fast`` returns None whenever the command may do more or say something, and the
command runs: a ``patch.object`` or ``import_module`` call (as the prefilter recognises them),
an f-string whose text holds a legacy path, a legacy path in a literal that is not spelled out
verbatim (escapes, bytes, implicit concatenation), or bytes ``plain_bytes`` declines. A string
that forms a whole statement (a docstring) is never rewritten, as by the command. The tests
compare this with the command on every snapshot input and on generated modules.
"""

from __future__ import annotations

import ast
import re

from codemods._support import line_starts, parse_or_none, plain_bytes
from codemods.patch_targets.paths import find_legacy_path, parse_path_renames, path_rules, rewrite_dotted_path
from codemods.patch_targets.prefilter import calls_patch_object_or_import_module
from ssot_refactor.model import FileContext, nodes_of

#: one string literal: its prefix, its quotes and its text (no quote or backslash inside)
_LITERAL = re.compile(rb"""([rRuU]?)('''|\"\"\"|'|")((?:(?!\2)[^\\\r\n])*)\2\Z""")


def patch_fast(source: bytes, ctx: FileContext) -> bytes | None:
    """The bytes ``patch_targets`` writes (with no finding), or None when unsure."""
    if not plain_bytes(source):
        return None
    tree = parse_or_none(source)
    if tree is None or any(
        calls_patch_object_or_import_module(call.func) for call in nodes_of(tree, ast.Call)
    ):
        return None
    rules = path_rules(ctx.name_map, parse_path_renames(ctx.path_renames))
    starts = line_starts(source)
    inside_fstrings: set[int] = set()
    for joined in nodes_of(tree, ast.JoinedStr):
        text = _span(source, starts, joined)
        if text is None or find_legacy_path(text.decode("utf-8"), rules) is not None:
            return None  # reported by the command, or a literal inside it that it rewrites
        inside_fstrings.update(id(part) for part in ast.walk(joined))
    documentation = {id(statement.value) for statement in nodes_of(tree, ast.Expr)}
    edits: list[tuple[int, int, bytes]] = []
    for constant in nodes_of(tree, ast.Constant):
        if not isinstance(constant.value, str) or id(constant) in inside_fstrings | documentation:
            continue
        rewritten = rewrite_dotted_path(constant.value, rules)
        if rewritten is None:
            continue
        written = _span(source, starts, constant) if constant.end_lineno == constant.lineno else None
        literal = None if written is None else _LITERAL.match(written)
        if written is None or literal is None or literal.group(3).decode("utf-8") != constant.value:
            return None  # escapes or several literals: the command reports it
        start = starts[constant.lineno - 1] + constant.col_offset
        quote = literal.group(2)
        edits.append((start, start + len(written), literal.group(1) + quote + rewritten.encode() + quote))
    return _spliced(source, edits)


def _spliced(source: bytes, edits: list[tuple[int, int, bytes]]) -> bytes | None:
    if not edits:
        return source
    out, at = [], 0
    for start, end, text in sorted(edits):
        out += [source[at:start], text]
        at = end
    out.append(source[at:])
    after = b"".join(out)
    return after if parse_or_none(after) is not None else None


def _span(source: bytes, starts: list[int], node: ast.expr) -> bytes | None:
    """The bytes of a node (ast columns are byte offsets in ``plain_bytes``)."""
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    return source[
        starts[node.lineno - 1] + node.col_offset : starts[node.end_lineno - 1] + node.end_col_offset
    ]
