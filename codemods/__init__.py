"""LibCST codemods of the migration, one command per package, and the per-file pipeline (pure).

Each command is a package holding the command class (in ``command``, reached from the package,
so it runs alone as ``python -m libcst.tool codemod codemods.<command>.<Class>``) and the
helpers only it uses; ``_support`` holds what several of them use. The codemods import nothing
of ours but ``ssot_refactor.model``. A package loads LibCST only when a file needs its command:
its prefilter and its stdlib shortcuts (``fast_rename``, ``fast_move``, ``patch_targets.fast``)
do not, so a worker whose files they all rewrite never loads it.

``rewrite_source`` runs, on exact bytes and in this order:

1. ``rewrite_calls`` when the context has call plans (it reads the legacy call shapes, so it
   runs on the original file);
2. ``rename_references``: legacy names bound by from-imports take their canonical name,
   references included;
3. ``rewrite_imports``: the imports move to the canonical modules (a binding that kept its
   legacy local name is imported ``as`` it). Renaming first lets this stage see which
   bindings still need their legacy local name;
4. ``patch_targets`` when that module exists: dotted-path strings.

Each stage alone leaves a file that runs; optional stages are imported lazily.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from codemods import rename_references, rewrite_imports
from codemods._support import imports_no_legacy_module, parse_or_none
from codemods.rename_references.fast_rename import rename_fast
from codemods.rewrite_imports.fast_move import move_fast
from ssot_refactor.model import Edited, Failed, FileContext, FileResult, Finding, Skipped, Unchanged

if TYPE_CHECKING:
    from codemods._support import CommandFactory

__all__ = ["rewrite_source"]

Stage = Callable[[bytes, FileContext], FileResult]

_FACTORIES: tuple[CommandFactory, ...] = (
    lambda context, ctx: rename_references.RenameReferencesCommand(context, file_context=ctx),
    lambda context, ctx: rewrite_imports.RewriteImportsCommand(context, file_context=ctx),
)


def run_commands(factories: tuple[CommandFactory, ...], source: bytes, ctx: FileContext) -> FileResult:
    """``_support.run_commands``, which loads LibCST, imported when a file needs it."""
    from codemods._support import run_commands as run

    return run(factories, source, ctx)


def _optional_stage(name: str) -> Stage | None:
    """``codemods.<name>.run`` when that codemod is installed."""
    try:
        module = importlib.import_module(f"codemods.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"codemods.{name}":
            raise
        return None
    run: Stage = module.run
    return run


def _imports_and_references(source: bytes, ctx: FileContext) -> FileResult:
    """Stages 2 and 3 on one parse of the file.

    When the rename is plainly decidable from the stdlib ``ast`` (``codemods.rename_references.fast_rename``),
    stage 2 is a splice of byte spans; when the import moves are too (``codemods.rewrite_imports.fast_move``),
    so is stage 3, and the file is never parsed by LibCST. Otherwise stage 3 runs on a LibCST tree.
    """
    if imports_no_legacy_module(source, ctx):
        if parse_or_none(source) is not None:
            return Unchanged(ctx.path)  # no import can name a legacy module: nothing to do
        from codemods._support import run_commands as run  # LibCST says where it does not parse

        return run(_FACTORIES, source, ctx, is_irrelevant=imports_no_legacy_module)
    fast_rename = rename_fast(source, ctx)
    if fast_rename is None:
        return run_commands(_FACTORIES, source, ctx)
    renamed, notes = fast_rename
    fast = move_fast(renamed, ctx)
    if fast is not None:
        return Unchanged(ctx.path, notes) if fast == source else Edited(ctx.path, fast, notes)
    moved = run_commands(_FACTORIES[1:], renamed, ctx)
    if isinstance(moved, (Skipped, Failed)):
        return moved
    after = moved.after if isinstance(moved, Edited) else renamed
    findings = notes + moved.findings  # the rename's findings first, as the commands run
    return Unchanged(ctx.path, findings) if after == source else Edited(ctx.path, after, findings)


def stages_for(ctx: FileContext) -> tuple[Stage, ...]:
    """The stages ``rewrite_source`` runs for this file, in order."""
    optional_calls = _optional_stage("rewrite_calls") if ctx.calls else None
    patch_targets = _optional_stage("patch_targets")
    stages = (optional_calls, _imports_and_references, patch_targets)
    return tuple(stage for stage in stages if stage is not None)


def _then(previous: FileResult, source: bytes, ctx: FileContext, stage: Stage) -> FileResult:
    """Run ``stage`` on the output so far, merging findings; Skipped/Failed stop the pipeline."""
    if isinstance(previous, (Skipped, Failed)):
        return previous
    before = previous.after if isinstance(previous, Edited) else source
    result = stage(before, ctx)
    if isinstance(result, Failed) or (isinstance(result, Skipped) and before == source):
        return result
    if isinstance(result, Skipped):
        return Failed(ctx.path, f"a later stage could not read the rewritten file: {result.detail}")
    findings: tuple[Finding, ...] = previous.findings + result.findings
    after = result.after if isinstance(result, Edited) else before
    if after == source:
        return Unchanged(ctx.path, findings)
    return Edited(ctx.path, after, findings)


def rewrite_source(source: bytes, ctx: FileContext) -> FileResult:
    """The whole per-file rewrite on exact bytes; never raises.

    Syntax errors and undecodable files come back ``Skipped``, bugs ``Failed``, a file with
    nothing to change ``Unchanged`` (its bytes are not regenerated).
    """
    try:
        result: FileResult = Unchanged(ctx.path)
        for stage in stages_for(ctx):
            result = _then(result, source, ctx, stage)
        return result
    except Exception as error:  # noqa: BLE001 - a bug in a codemod becomes data, not a crash
        return Failed(ctx.path, f"{type(error).__name__}: {error}")
