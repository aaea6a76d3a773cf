"""Codemod (pure): move imports of legacy names and legacy modules to their canonical modules.

Every import form is rewritten in place, never hoisted or removed from its block (functions,
classes, ``if TYPE_CHECKING:``, ``try/except ImportError``):

- ``from app.old import ExecutionEngine`` -> ``from app.engine import UserExecutionEngine as
  ExecutionEngine``: the local name is kept, so no reference changes and the file runs alone.
  Run ``rename_references`` first (``codemods.rewrite_source`` does) and the binding is already
  ``ExecutionEngine as UserExecutionEngine``, which becomes ``from app.engine import
  UserExecutionEngine``. An explicit alias stays; public names (``__all__``, re-exported)
  stay too, via ``as``.
- A statement where only some names move is split: the unmapped names stay in the original
  statement, the moved ones follow it, one statement per canonical module, in the original
  layout (``rewrite_imports.layout``): a comment stays with the name it is next to, the
  comment after ``(`` with the original statement, and a single name left in parentheses
  loses them when its line fits in 79 columns.
- A moved import that binds a name to what another import of the same block already binds it to
  (before or after it, absolute or relative) is not written twice: the earliest binding stays,
  the later one goes (with the comment on its line; comment lines above it stay). Imports in
  another function or in another branch of a ``try``/``if`` are separate bindings.
- ``import app.old`` / ``import app.old as m`` / ``from app import old`` with ``m.Name`` uses:
  the mapped uses read the canonical module through an import of the same form
  (``app.engine.UserExecutionEngine``; ``import app.engine as m`` with ``m.UserExecutionEngine``;
  ``engine.UserExecutionEngine`` after ``from app import engine``; see ``module_planner``);
  the legacy import stays while anything else still reads it (for ``import app.old``, also
  ``app.other`` uses, since the statement binds ``app``).
- A legacy submodule reached through its parent (``from app import pkg`` or ``import app``
  with ``pkg.old.Name`` / ``app.pkg.old.Name`` uses): the uses move to the canonical module,
  which is imported next to the parent import; the parent import stays.
- A name mapped to ``Class.attr`` imports ``Class`` and references become ``Class.attr``.
- Relative imports resolve with ``FileContext.module``/``is_package``. The canonical import
  keeps the relative form (same number of dots) when the canonical module lies inside the
  package those dots name, and is written absolute otherwise.

Left unchanged with a warning: star imports from legacy modules, unresolvable relative imports
that may name a legacy module, ``getattr(module, "Name")``, assignments to ``module.Name``,
and attribute targets whose local name must stay.

The package: ``planner`` (from-imports of legacy names) and ``module_planner`` (imports of
legacy modules, their uses sorted by ``module_uses``) write one ``draft.Draft`` of the
``plan.ImportPlan``; this command then builds what the plan says, with ``nodes`` and ``layout``.
The scope facts the planners read come from ``light_scope`` (with ``source_facts``) where it
answers exactly, else from LibCST's scope analysis; ``fast_move`` skips LibCST altogether for
plain one-line from-imports, and (with ``fast_modules``) for module-level imports of legacy
modules read only as ``m.Name``.

Standalone: ``-x`` imports the command by its dotted path, so no ``.libcst.codemod.yaml`` is
needed (with one listing ``modules: [codemods]``, ``rewrite_imports.RewriteImportsCommand``
works without ``-x``); ``--no-format`` because LibCST's default formatter is black; ``--module``
is only needed when LibCST cannot derive the module from its ``repo_root``; ``.pyi`` stubs are
skipped unless ``--include-stubs`` is given::

    python -m libcst.tool codemod -x --no-format codemods.rewrite_imports.RewriteImportsCommand \\
        --map app.old:ExecutionEngine=app.engine:UserExecutionEngine --module app.consumer app/
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods._support import imports_no_legacy_module, parse_or_none
from ssot_refactor.model import FileContext, FileResult, Unchanged

if TYPE_CHECKING:
    from codemods.rewrite_imports.command import RewriteImportsCommand

__all__ = ["RewriteImportsCommand", "run"]


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    if imports_no_legacy_module(source, ctx) and parse_or_none(source) is not None:
        return Unchanged(ctx.path)  # no import can name a legacy module: nothing to move
    from codemods.rewrite_imports.command import run as run_command

    return run_command(source, ctx)


def __getattr__(name: str) -> Any:
    """The command and the rest of ``command``, imported on first use (they load LibCST)."""
    return getattr(importlib.import_module("codemods.rewrite_imports.command"), name)
