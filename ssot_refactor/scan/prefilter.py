"""Scan stage: the byte prefilter, needles a file must contain to be parsed at all (pure).

Needles are the legacy module paths and names, then the names and modules that re-export them;
the last components of the legacy modules count only where an import statement may name them.
``mentions`` decides on a file's bytes; git grep (``scan.scanner``) only narrows what is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum

from ssot_refactor.model import Target
from ssot_refactor.scan.records import ModuleInfo
from ssot_refactor.spec import Spec

GREP_MIN_FILES = 200  #: below this many files a pass reads them all: cheaper than one git grep of the tree


class Prefilter(Enum):
    """How a scan pass finds the files whose bytes mention a needle."""

    AUTO = "auto"  #: git grep for a pass over ``GREP_MIN_FILES`` files or more, else Python
    GIT_GREP = "git-grep"  #: git grep whenever git can answer exactly, else Python
    PYTHON = "python"  #: read every file and test it with ``mentions``


def initial_needles(spec: Spec) -> set[bytes]:
    """Byte strings at least one of which every affected file must contain."""
    needles: set[str] = set()
    for entry in spec.legacy:
        needles.add(entry.module)
        needles.update(name for name, _ in entry.names)
    return {needle.encode() for needle in needles}


def tail_needles(spec: Spec) -> set[bytes]:
    """The last components of the legacy modules (``from pkg import legacy``, ``from .legacy import X``).

    These are often common words, so they only count inside an import statement (see
    ``imports_tail``): a file can reach a module by its last component only through one.
    """
    return {entry.module.rsplit(".", 1)[-1].encode() for entry in spec.legacy}


def mentions(data: bytes, needles: Iterable[bytes], tails: Iterable[bytes] = ()) -> bool:
    """Cheap test: does the file's text contain any needle (``bytes.find``), or a tail where an
    import statement may name it?"""
    if any(needle in data for needle in needles):
        return True
    return b"import" in data and any(tail in data and imports_tail(data, tail) for tail in tails)


_IMPORT_WORD = re.compile(rb"(?<![\w.])import(?!\w)")
_IMPORT_PAREN = re.compile(rb"(?<![\w.])import[ \t\f]*\(")
_CONTINUATION = re.compile(rb"\\\r?\n")


def imports_tail(data: bytes, tail: bytes) -> bool:
    """Can an import statement in ``data`` name ``tail`` as a whole word? Errs towards yes.

    Yes when the word sits on a line that also says ``import`` (backslash continuations
    joined: ``from pkg import legacy``, ``from .legacy import X``), or inside the parentheses of
    ``import (...)``. Inside an import list ``#`` can only start a comment, so the list ends
    at the first ``)`` outside comments; every ``import (`` is tried, so one that is really in
    a string or comment can only add a match, never hide one.
    """
    text = _CONTINUATION.sub(b" ", data)
    word = re.compile(rb"(?<!\w)" + re.escape(tail) + rb"(?!\w)")
    found = [match.start() for match in word.finditer(text)]
    if not found:
        return False
    for start in found:
        line_start = text.rfind(b"\n", 0, start) + 1
        line_end = text.find(b"\n", start)
        if _IMPORT_WORD.search(text, line_start, len(text) if line_end < 0 else line_end):
            return True
    for paren in _IMPORT_PAREN.finditer(text):
        end = _list_end(text, paren.end())
        if any(paren.end() <= start < end for start in found):
            return True
    return False


def _list_end(text: bytes, start: int) -> int:
    """Offset of the ``)`` closing an import list that opens before ``start`` (comments skipped)."""
    position = start
    while position < len(text):
        line_end = text.find(b"\n", position)
        line_end = len(text) if line_end < 0 else line_end
        code = text[position:line_end].split(b"#", 1)[0]
        close = code.find(b")")
        if close >= 0:
            return position + close
        position = line_end + 1
    return len(text)


def reexport_needles(
    reexports: Mapping[tuple[str, str], Target], index: Mapping[str, ModuleInfo]
) -> set[bytes]:
    """The local names legacy names are re-exported under, and the modules that declare it.

    Any file importing a re-exported name spells that name, so the names suffice; the module
    paths are added for packages and ``__all__`` re-exporters, the places people import from.
    """
    declared = {info.module for info in index.values() if info.is_package or info.all_names}
    needles: set[bytes] = set()
    for module, local in reexports:
        needles.add(local.encode())
        if module in declared:
            needles.add(module.encode())
    return needles
