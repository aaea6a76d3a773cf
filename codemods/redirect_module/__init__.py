"""Codemod stage: turn a deprecated module into a pure redirect to the canonical names (pure).

The new module keeps the file's header comments (shebang, encoding cookie, licence) and its
docstring, with a deprecation note naming the canonical modules appended; it then holds only
the imports that provide each exported name and ``__all__`` listing exactly those names.

- ``warn = false``: ``from app.engine import UserExecutionEngine as ExecutionEngine``; names
  imported under their own name share one statement per module (isort's layout), and
  ``legacy.ExecutionEngine is app.engine.UserExecutionEngine``.
- ``warn = true``: the canonical modules are imported under private aliases, a table maps each
  legacy name to ``(module, attribute)`` and a PEP 562 ``__getattr__`` serves the names with a
  ``DeprecationWarning`` pointing at the caller (``stacklevel=2``). No legacy name is bound at
  module level, or the warning could never fire; an ``if TYPE_CHECKING:`` block binds them for
  type checkers only.

A target ``module:Name.attr`` is provided as ``Name.attr`` read from the imported ``Name``.
Imports are laid out the way isort and ruff's default rules expect (standard library first).
Running the codemod on its own output changes nothing. The package: ``body`` writes the
statements, ``docstring`` the docstring with its note; ``fast`` puts them together as text
for a plainly laid out module, and the LibCST command in ``command`` (imported on first use)
for any other.

Standalone (the names to export come from the planner's export surface, in order)::

    python -m libcst.tool codemod -x --no-format codemods.redirect_module.RedirectModuleCommand \\
        --export ExecutionEngine=app.engine:UserExecutionEngine --warn app/old.py
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods.redirect_module.body import parse_export
from codemods.redirect_module.fast import redirect_fast
from ssot_refactor.model import Edited, FileContext, FileResult, Unchanged

if TYPE_CHECKING:
    from codemods.redirect_module.command import RedirectModuleCommand

__all__ = ["RedirectModuleCommand", "parse_export", "run"]


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Rewrite one legacy module into its redirect; never raises (a syntax error is Skipped).

    Unlike the importer codemods this one applies to every file it is given, whatever the file
    imports, so it does not go through their shared prefilter. A plainly laid out module is
    written without LibCST (``fast``).
    """
    fast = redirect_fast(source, ctx)
    if fast is not None:
        return Unchanged(ctx.path) if fast == source else Edited(ctx.path, fast)
    from codemods.redirect_module.command import run as run_command

    return run_command(source, ctx)


def __getattr__(name: str) -> Any:
    """The command and the rest of ``command``, imported on first use (they load LibCST)."""
    return getattr(importlib.import_module("codemods.redirect_module.command"), name)
