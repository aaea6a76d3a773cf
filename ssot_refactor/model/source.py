"""The stdlib tree of exact source bytes, shared by the stages of one file's rewrite (pure).

One file's rewrite asks for the tree of the same bytes several times: the codemods' prefilters
and byte splices, the member checks and the index of the file before and after. ``source_tree``
parses each distinct bytes once (the last few are kept), so every stage must only read the tree.
The safety check, which normalises trees in place, parses its own.
"""

from __future__ import annotations

import ast
import functools

#: sources up to this size are kept (a few at a time); a larger one, such as a generated data
#: table, is parsed each time rather than held in memory
CACHED_BYTES = 1_000_000


def source_tree(source: bytes) -> ast.Module | None:
    """The tree of ``source`` (decoded by its cookie or BOM, else UTF-8), or None when the running
    Python cannot parse or decode it."""
    return _cached(source) if len(source) <= CACHED_BYTES else _parse(source)


@functools.lru_cache(maxsize=4)
def _cached(source: bytes) -> ast.Module | None:
    return _parse(source)


def _parse(source: bytes) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError):
        return None
