"""Tool directives in comments, which an import split copies to every line it writes (pure)."""

from __future__ import annotations

#: Comment markers that tools read per line; they are copied to every line an import splits into.
_DIRECTIVES = ("noqa", "type: ignore", "pragma", "isort:", "pylint:", "fmt:", "pyright:")


def is_directive_comment(comment: str) -> bool:
    """True for comments other tools read per line (``# noqa``, ``# type: ignore``, ...)."""
    text = comment.lstrip("#").strip().lower()
    return any(text.startswith(marker) for marker in _DIRECTIVES)
