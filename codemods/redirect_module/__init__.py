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
statements, ``docstring`` the docstring with its note; the command puts them together.

Standalone (the names to export come from the planner's export surface, in order)::

    python -m libcst.tool codemod -x --no-format codemods.redirect_module.RedirectModuleCommand \\
        --export ExecutionEngine=app.engine:UserExecutionEngine --warn app/old.py
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext

from codemods._support import Command, parse_source
from codemods.redirect_module.body import Export, canonical_modules, redirect_body
from codemods.redirect_module.docstring import deprecation_note, docstring_literal, docstring_statement
from ssot_refactor.model import (
    Edited,
    Failed,
    FileContext,
    FileResult,
    Finding,
    Skipped,
    Target,
    TargetSyntaxError,
    Unchanged,
)


def parse_export(text: str) -> Export:
    """Parse ``Name=module:Name`` (the ``--export`` option); raise TargetSyntaxError otherwise."""
    name, sep, target = text.partition("=")
    name = name.strip()
    if not sep:
        raise TargetSyntaxError(f'"{text}" lacks "=" (write LegacyName=canonical.module:Name)')
    if not name.isidentifier():
        raise TargetSyntaxError(f'"{text}": "{name}" is not a Python name')
    return name, Target.parse(target.strip())


class RedirectModuleCommand(Command):
    """Replace a legacy module's body by a pure redirect to the canonical names."""

    DESCRIPTION: str = "Turn a deprecated module into a pure redirect (optionally warning on use)."

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """Options of the standalone ``python -m libcst.tool codemod`` run."""
        arg_parser.add_argument(
            "--export",
            dest="exports",
            metavar="NAME=MODULE:NAME",
            action="append",
            default=[],
            help="a name the redirect provides and where it lives, e.g. "
            "ExecutionEngine=app.engine:UserExecutionEngine (repeatable, in order)",
        )
        arg_parser.add_argument(
            "--warn",
            action="store_true",
            help="serve the names through a PEP 562 __getattr__ that emits DeprecationWarning",
        )

    def __init__(
        self,
        context: CodemodContext,
        exports: Sequence[str] | Sequence[Export] = (),
        warn: bool = False,
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context)
        if file_context is not None:
            exports, warn = file_context.exports, file_context.warn
        self.exports: tuple[Export, ...] = tuple(
            parse_export(item) if isinstance(item, str) else item for item in exports
        )
        self.warn_on_use = warn
        self.findings: list[Finding] = []

    @classmethod
    def for_file(cls, context: CodemodContext, ctx: FileContext) -> RedirectModuleCommand:
        """The command configured for one legacy module of a plan."""
        return cls(context, file_context=ctx)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        newline = updated_node.default_newline
        note = deprecation_note(canonical_modules(self.exports))
        old = docstring_statement(updated_node)
        old_value = old.body[0].value if old is not None and isinstance(old.body[0], cst.Expr) else None
        literal = cst.SimpleString(docstring_literal(old_value, note, newline))
        if old is not None:
            docstring = old.with_changes(body=[cst.Expr(literal)])
        else:
            leading = updated_node.body[0].leading_lines if updated_node.body else ()
            docstring = cst.SimpleStatementLine([cst.Expr(literal)], leading_lines=leading)
        rest = cst.parse_module(redirect_body(self.exports, self.warn_on_use)).body
        first = rest[0].with_changes(leading_lines=[cst.EmptyLine()])
        return updated_node.with_changes(body=[docstring, first, *rest[1:]], footer=())


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Rewrite one legacy module into its redirect; never raises (a syntax error is Skipped).

    Unlike the importer codemods this one applies to every file it is given, whatever the file
    imports, so it does not go through their shared prefilter.
    """
    parsed = parse_source(source, ctx.path)
    if isinstance(parsed, Skipped):
        return parsed
    try:
        command = RedirectModuleCommand.for_file(
            CodemodContext(filename=ctx.path, full_module_name=ctx.module), ctx
        )
        after = command.transform_module(parsed).bytes
    except Exception as error:  # noqa: BLE001 - a bug in a codemod becomes data, not a crash
        return Failed(ctx.path, f"{type(error).__name__}: {error}")
    if after == source:
        return Unchanged(ctx.path)
    if isinstance(parse_source(after, ctx.path), Skipped):
        return Failed(ctx.path, "the redirect does not parse; file left unchanged")
    return Edited(ctx.path, after)
