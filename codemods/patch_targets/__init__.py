"""Codemod stage: point dotted-path strings (mock.patch targets, configs) at canonical names (pure).

Rewrites string literals that hold a legacy dotted path (``"app.old.ExecutionEngine"``,
``"app.old.ExecutionEngine.run"``) wherever they appear in code: ``mock.patch`` targets, config
dicts, comparisons. Matching is on whole dotted paths: the string must equal a legacy path or
continue it with ``.attr``, so ``"app.old.ExecutionEngineFactory"`` and
``"xapp.old.ExecutionEngine"`` are left alone. Quotes and prefixes (``'``, ``"``, ``r''``,
triple quotes) are kept.

The patch-target rule: a patch target must name the place where the patched name is looked up
*after* the rewrite. ``mock.patch`` replaces one attribute of one object, and only code that reads
that attribute sees the mock.

- ``"legacy.X"`` becomes ``"canonical.Y"``: after the migration importers read ``Y`` from the
  canonical module (``canonical.Y`` or a binding made from it); the legacy module, when it
  survives as a redirect, holds an alias that migrated code no longer reads.
- ``"consumer.X"`` becomes ``"consumer.Z"`` when ``FileContext.path_renames`` says the consumer
  module now binds the name as ``Z`` (it did ``from legacy import X`` and looks the name up in its
  own globals, under its new local name). With ``keep_local_names`` the consumer keeps ``X``,
  there is no path rename and the string stays. An identity path rename (``p`` -> ``p``) keeps
  the path ``p`` as written even when the name map would rewrite it.
- ``patch.object(legacy_module, "X", ...)`` becomes ``patch("canonical.Y", ...)`` (same ``patch``
  expression, same remaining arguments): patching the legacy module object would intercept
  nothing, and a string target needs no new import (an import of the legacy module that only
  served the call is left in place, unused). ``patch.object(consumer, "X")`` becomes
  ``patch.object(consumer, "Z")`` under a path rename. When the patched object cannot be resolved
  to an imported module and the attribute is a legacy name, the call is left alone with a warning.
- ``importlib.import_module("legacy")`` becomes ``import_module("canonical")`` only when the code
  reads nothing from the result but legacy names that one canonical module defines under the same
  name (``mod = import_module(...)``; every use is ``mod.Name``). Otherwise, it is left alone with
  a warning (silently when the result is never read); a bare legacy module string elsewhere is
  never rewritten (the module still exists).

Never rewritten: a string literal that forms a whole statement (a docstring or an attribute
docstring is documentation, not code, and rewriting it would change ``__doc__`` for nothing),
comments, bytes, and f-strings or implicitly concatenated strings (reported when they contain a
legacy path, since their value is only known at run time or spans several tokens).

The package: ``paths`` holds the dotted-path rules (text only), ``nodes`` reads and writes
string literals and ``patch.object`` calls, ``prefilter`` says from the stdlib ``ast`` when a
file has nothing to touch, and ``fast`` rewrites plain literals without LibCST.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods._support import parse_or_none
from codemods.patch_targets.fast import patch_fast
from codemods.patch_targets.prefilter import no_paths_to_touch
from ssot_refactor.model import Edited, FileContext, FileResult, Unchanged

if TYPE_CHECKING:
    from codemods.patch_targets.command import PatchTargetsCommand

__all__ = ["PatchTargetsCommand", "run"]


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Rewrite one file's patch targets alone; never raises (a syntax error is a Skipped result).

    A file whose only targets are plain literals is rewritten without LibCST (``fast``).
    """
    if no_paths_to_touch(source, ctx):
        if parse_or_none(source) is not None:
            return Unchanged(ctx.path)
    else:
        fast = patch_fast(source, ctx)
        if fast is not None:
            return Unchanged(ctx.path) if fast == source else Edited(ctx.path, fast)
    from codemods.patch_targets.command import run as run_command

    return run_command(source, ctx)


def __getattr__(name: str) -> Any:
    """The command and the rest of ``command``, imported on first use (they load LibCST)."""
    return getattr(importlib.import_module("codemods.patch_targets.command"), name)
