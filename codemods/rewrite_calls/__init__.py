"""Codemod (pure): rewrite calls of legacy callables so that they bind to the canonical signature.

Runs before the rename and import codemods, on the original file. For every call of a legacy
callable bound in the file (an imported name, an alias, ``module.Name``, ``Name.classmethod``,
``functools.partial(Name, ...)``) it applies ``FileContext.calls``: positional arguments are
named through the legacy signature, keywords renamed, dropped and added (with the imports the
added expressions need), and ``await`` added when the canonical callable is async and the call
sits directly in an ``async def``. A canonical callable that hangs off the mapped canonical
class is called through the legacy local name (``ExecutionEngine.create_from_legacy(...)``),
so the rename stage that follows renames the head; any other canonical callable is imported.

Never written: a call that would not bind to the canonical signature (checked with
``inspect.Signature.bind`` on the rewritten call). It is left unchanged and reported as a
``blocked-call`` finding (``broken-call`` when it binds neither the legacy nor the canonical
signature: it fails today already), and the other calls of the same legacy name in the file are held
back too, so the file can keep its legacy import and still run. Calls that already bind to the
canonical signature with the same parameters need no rule and are not touched. A local or
parameter that shadows the name is not a legacy call (LibCST scope analysis).

The package: ``decisions`` finds and decides each call with the pure rules of ``arguments``
(signatures in the ``notation`` the engine shares), ``build`` writes the decided call, and
``prefilter`` says from the stdlib ``ast`` when a file has no call to act on.

Standalone (``--calls`` reads ``[[calls]]`` tables, the format of the snapshot cases)::

    python -m libcst.tool codemod -x --no-format codemods.rewrite_calls.RewriteCallsCommand \\
        --map app.old:ExecutionEngine=app.engine:UserExecutionEngine --calls calls.toml app/
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codemods._support import parse_or_none
from codemods.rewrite_calls.prefilter import may_rewrite_calls
from ssot_refactor.model import FileContext, FileResult, Unchanged

if TYPE_CHECKING:
    from codemods.rewrite_calls.command import RewriteCallsCommand, call_plans_from_tables

__all__ = ["RewriteCallsCommand", "call_plans_from_tables", "run"]


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    if not may_rewrite_calls(source, ctx) and parse_or_none(source) is not None:
        return Unchanged(ctx.path)  # no call it could act on
    from codemods.rewrite_calls.command import run as run_command

    return run_command(source, ctx)


def __getattr__(name: str) -> Any:
    """The command and the rest of ``command``, imported on first use (they load LibCST)."""
    return getattr(importlib.import_module("codemods.rewrite_calls.command"), name)
