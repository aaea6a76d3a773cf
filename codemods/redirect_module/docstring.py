"""A redirect module's docstring text: its old text and a note naming the canonical modules (pure).

Text only: ``command`` reads the docstring from a LibCST tree, ``fast`` from the stdlib one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

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
