"""Scan stage: the read-only analysis of a repository before anything is planned (read-only).

``scan(root, spec) -> ScanResult`` lists the candidate files (``files``), keeps those whose
bytes mention a needle (``prefilter``), indexes them with the stdlib ``ast`` (``index``, its
records in ``records``, what a module binds in ``namespace``) and records every legacy binding,
re-exports followed (``bindings``); ``scanner`` runs those passes. The rest of the package reads
the sources on demand and is imported from its own modules, not from here: definitions and
signatures (``definitions``, ``parameters``, ``signatures``, ``installed``), legacy calls and
member uses (``uses``, ``class_body``, ``callsites``, ``members``), and the LibCST fallback of
the index (``cstindex``). The ``check`` path loads only the modules this package imports:
neither LibCST nor gitpython nor httpx.
"""

from __future__ import annotations

from ssot_refactor.scan.bindings import LegacyUse, bindings_of, resolve_reexports
from ssot_refactor.scan.files import (
    PYTHON_SUFFIXES,
    detect_source_roots,
    glob_to_regex,
    link_skips,
    select_files,
)
from ssot_refactor.scan.prefilter import (
    GREP_MIN_FILES,
    Prefilter,
    imports_tail,
    initial_needles,
    mentions,
    tail_needles,
)
from ssot_refactor.scan.scanner import Progress, ScanResult, scan

__all__ = [
    "GREP_MIN_FILES",
    "PYTHON_SUFFIXES",
    "LegacyUse",
    "Prefilter",
    "Progress",
    "ScanResult",
    "bindings_of",
    "detect_source_roots",
    "glob_to_regex",
    "imports_tail",
    "initial_needles",
    "link_skips",
    "mentions",
    "resolve_reexports",
    "scan",
    "select_files",
    "tail_needles",
]
