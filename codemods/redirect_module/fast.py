"""The redirect without LibCST, for the modules whose layout is plainly read from the stdlib tree (pure).

``RedirectModuleCommand`` keeps what comes before the first statement (LibCST's module header:
shebang, encoding cookie, licence comments, blank lines) and the docstring statement with the
deprecation note in its text; everything after it becomes the redirect body, after one blank
line, with the file's line ends. When those pieces can be read exactly from the stdlib tree,
``redirect_fast`` writes the same bytes as text, and the planner's main process never loads
LibCST for the redirect commits.

It returns None, and the command runs instead, for anything in doubt: a byte order mark, an
encoding other than UTF-8, mixed or lone-CR line ends, a file that does not end with a line
end, a header line that is not blank or a comment, a docstring in parentheses or sharing its
line with a semicolon or another statement, a result that does not parse. The tests compare
it with the command on every snapshot input and on generated modules.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from codemods._support import parse_or_none, plain_bytes
from codemods.redirect_module.body import canonical_modules, redirect_body
from codemods.redirect_module.docstring import deprecation_note, escape_docstring, with_note
from ssot_refactor.model import FileContext

#: what may follow a docstring on its last line: spaces and a comment
_AFTER_DOCSTRING = re.compile(r"[ \t]*(#[^\r\n]*)?\r?\n")
#: a header line: blank, or a comment
_HEADER_LINE = re.compile(r"[ \t]*(#[^\r\n]*)?\r?\n")
#: a string literal the command keeps as written: an optional prefix and triple quotes
_TRIPLE = re.compile(r"(?P<prefix>[rRuU]?)(?P<quote>\"\"\"|''')", re.ASCII)


def redirect_fast(source: bytes, ctx: FileContext) -> bytes | None:
    """The bytes ``RedirectModuleCommand`` would write for this module, or None when unsure."""
    if not plain_bytes(source) or not source.endswith(b"\n"):
        return None
    text = source.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline == "\r\n" and text.count("\n") != text.count("\r\n"):
        return None  # mixed line ends: the command's default newline is the first one it meets
    tree = parse_or_none(source)
    if tree is None:
        return None
    lines = text.splitlines(keepends=True)
    if any(line[-1:] != "\n" for line in lines):
        return None  # a form feed, or another character ``splitlines`` breaks at and Python does not
    first = tree.body[0].lineno - 1 if tree.body else len(lines)
    if not all(_HEADER_LINE.fullmatch(line) for line in lines[:first]):
        return None
    docstring = _docstring(tree, lines, newline, deprecation_note(canonical_modules(ctx.exports)))
    if docstring is None:
        return None
    body = redirect_body(ctx.exports, ctx.warn)
    if not body or body[0] in "#\n" or not body.endswith("\n") or body.endswith("\n\n"):
        return None
    after = "".join(lines[:first]) + docstring + newline + body.replace("\n", newline)
    encoded = after.encode("utf-8")
    return encoded if parse_or_none(encoded) is not None else None


def _docstring(tree: ast.Module, lines: list[str], newline: str, note: str) -> str | None:
    """The module's new docstring statement (its line end included), or None when unsure."""
    first = tree.body[0] if tree.body else None
    if not (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return f'"""{with_note("", note, newline)}"""{newline}'  # none: a new one, on its own line
    value, evaluated = first.value, first.value.value
    if (
        first.col_offset != 0
        or value.col_offset != 0
        or value.end_lineno is None
        or value.end_col_offset is None
    ):
        return None  # in parentheses
    if len(tree.body) > 1 and tree.body[1].lineno == value.end_lineno:
        return None  # another statement on its line
    start, end = value.lineno - 1, value.end_lineno - 1
    last = lines[end].encode("utf-8")
    literal = b"".join(line.encode("utf-8") for line in lines[start:end]) + last[: value.end_col_offset]
    rest = last[value.end_col_offset :].decode("utf-8")
    if not _AFTER_DOCSTRING.fullmatch(rest):
        return None  # a semicolon
    written = literal.decode("utf-8")
    triple = _TRIPLE.match(written)
    if triple is not None and _one_token(written):
        prefix, quote = triple["prefix"], triple["quote"]
        inner = written[len(prefix) + len(quote) : -len(quote)]
        new = f"{prefix}{quote}{with_note(inner, note, newline)}{quote}"
    else:  # another quote, or strings joined: rebuilt from the value, as the command does
        inner = escape_docstring(evaluated).replace("\n", newline)
        new = f'"""{with_note(inner, note, newline)}"""'
    return new + rest


def _one_token(literal: str) -> bool:
    """Whether ``literal`` is one string token (``"a" "b"`` is two)."""
    try:
        tokens = [
            token
            for token in tokenize.generate_tokens(io.StringIO(literal).readline)
            if token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)
        ]
    except (tokenize.TokenError, SyntaxError):
        return False
    return len(tokens) == 1 and tokens[0].type == tokenize.STRING
