"""Codemod (pure): give legacy names bound by from-imports their canonical name, with every reference.

``from app.old import ExecutionEngine`` becomes ``from app.old import ExecutionEngine as
UserExecutionEngine`` and every reference bound to that import (calls, attributes, bases,
``isinstance``, annotations, string annotations, decorators, defaults) reads
``UserExecutionEngine``. The file still imports from the legacy module, so it runs as before;
``rewrite_imports`` then moves the import (``codemods.rewrite_source`` runs this codemod
first). References are found with LibCST's ScopeProvider, so a parameter or local variable that
shadows the name, or a look-alike bound elsewhere, is never touched.

The local name is kept (nothing renamed) when the file chose it (``as Y``), when it is public
(``__all__``, ``FileContext.reexported``), with ``keep_local_names``, and, with a warning, when
renaming is unsafe: the canonical name is already bound to something else, the name is
rebound (``global``, ``del``, a second binding an access may read), or a string annotation
cannot be rewritten. Dotted canonical targets (``Class.attr``) are left to ``rewrite_imports``.
Where the rename is plainly decidable from the stdlib ``ast``, ``fast_rename`` writes the same
bytes without LibCST (``codemods.rewrite_source`` tries it first).

Standalone: ``-x`` imports the command by its dotted path, so no ``.libcst.codemod.yaml`` is
needed (with one listing ``modules: [codemods]``, ``rename_references.RenameReferencesCommand``
works without ``-x``); ``--no-format`` because LibCST's default formatter is black; ``--module``
is only needed when LibCST cannot derive the module from its ``repo_root``; ``.pyi`` stubs are
skipped unless ``--include-stubs`` is given::

    python -m libcst.tool codemod -x --no-format \\
        codemods.rename_references.RenameReferencesCommand \\
        --map app.old:ExecutionEngine=app.engine:UserExecutionEngine --module app.consumer app/
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods._support import imports_no_legacy_module, parse_or_none
from ssot_refactor.model import FileContext, FileResult, Unchanged

if TYPE_CHECKING:
    from codemods.rename_references.command import RenameReferencesCommand

__all__ = ["RenameReferencesCommand", "run"]


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    if imports_no_legacy_module(source, ctx) and parse_or_none(source) is not None:
        return Unchanged(ctx.path)  # no import can bind a legacy name: nothing to rename
    from codemods.rename_references.command import run as run_command

    return run_command(source, ctx)


def __getattr__(name: str) -> Any:
    """The command and the rest of ``command``, imported on first use (they load LibCST)."""
    return getattr(importlib.import_module("codemods.rename_references.command"), name)
