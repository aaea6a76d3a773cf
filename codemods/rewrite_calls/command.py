"""The LibCST command of ``rewrite_calls`` and its ``run`` (see the package for what it does).

Imported on first use: LibCST takes about half a second to load, and a file the stdlib
shortcuts rewrite never needs it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, QualifiedNameProvider, ScopeProvider

from codemods._support import MappingCommand, StatementPruner, factory_of, run_commands
from codemods.rewrite_calls.build import build_call
from codemods.rewrite_calls.decisions import CallDecisions, collect
from codemods.rewrite_calls.prefilter import may_rewrite_calls
from ssot_refactor.model import CallPlan, FileContext, FileResult
from ssot_refactor.model.notation import call_plan_from_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class RewriteCallsCommand(MappingCommand):
    """Rewrite calls of legacy callables to calls that bind to the canonical signature."""

    DESCRIPTION = "Rewrite calls of legacy callables to calls that bind to the canonical signature."
    METADATA_DEPENDENCIES = (QualifiedNameProvider, ScopeProvider, PositionProvider)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """Options of the standalone ``python -m libcst.tool codemod`` run."""
        MappingCommand.add_args(arg_parser)
        arg_parser.add_argument(
            "--calls",
            dest="calls_file",
            default=None,
            metavar="TOML",
            help="a TOML file of [[calls]] tables (legacy, canonical, signatures, rule)",
        )

    def __init__(
        self,
        context: CodemodContext,
        names: Sequence[str] = (),
        keep_local_names: bool = False,
        module: str | None = None,
        reexported: Sequence[str] = (),
        calls_file: str | None = None,
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context, names, keep_local_names, module, reexported, file_context)
        self.calls_file = calls_file
        self.decisions = CallDecisions()
        self.pruner: StatementPruner | None = None

    def _context(self) -> FileContext:
        ctx = self.mapping()
        if self.file_context is not None or self.calls_file is None:
            return ctx
        return replace(ctx, calls=load_call_plans(Path(self.calls_file)))

    def visit_Module(self, node: cst.Module) -> bool:
        ctx = self._context()
        if not ctx.calls:
            return False
        self.decisions = collect(self, node, ctx)
        for finding in self.decisions.findings:
            self.findings.append(finding)
            self.warn(str(finding))
        for target in dict.fromkeys(self.decisions.imports):
            AddImportsVisitor.add_needed_import(self.context, target.module, target.head)
        self.pruner = StatementPruner(lambda n: self.get_metadata(PositionProvider, n), self.decisions.edits)
        return bool(self.decisions.edits)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.pruner is not None and self.pruner.skips(node):
            return False
        return super().on_visit(node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        edit = self.decisions.edits.get(original_node)
        return updated_node if edit is None else build_call(updated_node, edit)


def load_call_plans(path: Path) -> tuple[CallPlan, ...]:
    """The ``[[calls]]`` tables of a TOML file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return call_plans_from_tables(data.get("calls", []))


def call_plans_from_tables(tables: Sequence[Mapping[str, object]]) -> tuple[CallPlan, ...]:
    """Call plans from ``[[calls]]`` tables (see ``notation.call_plan_from_table``)."""
    return tuple(call_plan_from_table(table) for table in tables)


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    return run_commands(
        [factory_of(RewriteCallsCommand)], source, ctx, is_irrelevant=lambda s, c: not may_rewrite_calls(s, c)
    )
