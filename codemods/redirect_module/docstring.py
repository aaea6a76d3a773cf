"""A redirect module's docstring: its old text and a note naming the canonical modules (pure)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import libcst as cst

NOTE_START = "Deprecated: this module only redirects to "
#: the note is wrapped so that no docstring line grows past this width
NOTE_WIDTH = 88


def deprecation_note(modules: Sequence[str]) -> str:
    """The sentence appended to the docstring, naming the canonical modules."""
    if not modules:
        return "Deprecated: this module only redirects to nothing any more; do not import it."
    listed = modules[0] if len(modules) == 1 else ", ".join(modules[:-1]) + " and " + modules[-1]
    return f"{NOTE_START}{listed}; import from there instead."


def wrapped_note(note: str, newline: str) -> str:
    """The note wrapped to ``NOTE_WIDTH`` columns, lines joined with the file's newline."""
    lines = textwrap.wrap(note, NOTE_WIDTH, break_long_words=False, break_on_hyphens=False)
    return newline.join(lines)


def with_note(inner: str, note: str, newline: str) -> str:
    """A docstring's text with the deprecation note as its last paragraph (replacing an older one)."""
    start = inner.find(NOTE_START)
    body = (inner[:start] if start >= 0 else inner).rstrip()
    text = wrapped_note(note, newline)
    if not body:
        return text + newline if newline in text else text
    return f"{body}{newline}{newline}{text}{newline}"


def escape_docstring(value: str) -> str:
    """The text of a ``\"\"\"`` literal whose value is ``value``."""
    return value.replace("\\", "\\\\").replace("\r", "\\r").replace('"""', '\\"\\"\\"')


def docstring_literal(node: cst.BaseExpression | None, note: str, newline: str) -> str:
    """The new docstring literal: a triple-quoted one keeps its text, others are rebuilt from their value."""
    if isinstance(node, cst.SimpleString) and len(node.quote) == 3:
        inner = node.raw_value
        return f"{node.prefix}{node.quote}{with_note(inner, note, newline)}{node.quote}"
    value = ""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        evaluated = node.evaluated_value
        value = evaluated if isinstance(evaluated, str) else ""
    inner = escape_docstring(value).replace("\n", newline)
    return f'"""{with_note(inner, note, newline)}"""'


def docstring_statement(module: cst.Module) -> cst.SimpleStatementLine | None:
    """The module's docstring statement, if the first statement is one."""
    if not module.body:
        return None
    first = module.body[0]
    if (
        isinstance(first, cst.SimpleStatementLine)
        and len(first.body) == 1
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        value = first.body[0].value
        evaluated = value.evaluated_value
        return first if isinstance(evaluated, str) else None
    return None
