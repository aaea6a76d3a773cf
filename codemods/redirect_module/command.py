"""The LibCST command of the redirect codemod, for the modules ``fast`` does not write (pure).

``RedirectModuleCommand`` is also what ``python -m libcst.tool codemod`` runs (see the package).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext

from codemods._support import Command, parse_source
from codemods.redirect_module.body import Export, canonical_modules, parse_export, redirect_body
from codemods.redirect_module.docstring import deprecation_note, escape_docstring, with_note
from ssot_refactor.model import Edited, Failed, FileContext, FileResult, Finding, Skipped, Unchanged


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
    """Rewrite one legacy module into its redirect with LibCST; never raises (a syntax error is Skipped)."""
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


def docstring_literal(node: cst.BaseExpression | None, note: str, newline: str) -> str:
    """The new docstring literal: a triple-quoted one keeps its text, others are rebuilt from their value."""
    if isinstance(node, cst.SimpleString) and len(node.quote) == 3:
        inner = node.raw_value
        return f"{node.prefix}{node.quote}{with_note(inner, note, newline)}{node.quote}"
    value = ""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        evaluated = node.evaluated_value
        value = evaluated if isinstance(evaluated, str) else ""
    inner = escape_docstring(value).replace("\n", newline)
    return f'"""{with_note(inner, note, newline)}"""'


def docstring_statement(module: cst.Module) -> cst.SimpleStatementLine | None:
    """The module's docstring statement, if the first statement is one."""
    if not module.body:
        return None
    first = module.body[0]
    if (
        isinstance(first, cst.SimpleStatementLine)
        and len(first.body) == 1
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        value = first.body[0].value
        evaluated = value.evaluated_value
        return first if isinstance(evaluated, str) else None
    return None
