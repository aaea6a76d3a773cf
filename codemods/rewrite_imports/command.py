"""The LibCST command of ``rewrite_imports`` and its ``run`` (see the package for what it does).

Imported on first use: LibCST takes about half a second to load, and a file the stdlib
shortcuts rewrite never needs it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import (
    BaseMetadataProvider,
    ExpressionContext,
    ExpressionContextProvider,
    Scope,
    ScopeProvider,
)

from codemods._support import (
    AncestorPruner,
    MappingCommand,
    StatementSurvey,
    all_scopes,
    factory_of,
    imports_no_legacy_module,
    line_of,
    parent_of,
    parse_or_none,
    renamed_string,
    resolved,
    run_commands,
    source_text,
    tree_maps,
)
from codemods.rewrite_imports.layout import ONE_LINE_LIMIT, Part, split_statement
from codemods.rewrite_imports.light_scope import LightScopes, Unsure
from codemods.rewrite_imports.nodes import follow_line, with_comment
from codemods.rewrite_imports.plan import ImportPlan, MetaView
from codemods.rewrite_imports.planner import Planner
from ssot_refactor.model import FileContext, FileResult


def plan_imports(statements: Sequence[cst.Import | cst.ImportFrom], planner: Planner) -> ImportPlan:
    """Plan every import statement of the module, given in source order."""
    for statement in statements:
        if isinstance(statement, cst.ImportFrom):
            planner.plan_from(statement)
        else:
            planner.plan_import(statement)
    planner.drop_duplicates()
    return planner.plan


#: the providers a module import needs, computed in one walk of the tree (both are batchable);
#: parents come from ``_support.parent_of``, far cheaper than LibCST's ParentNodeProvider
_TOGETHER = (ScopeProvider, ExpressionContextProvider)


def comment_lines(line: cst.SimpleStatementLine) -> list[cst.EmptyLine]:
    """The lines above ``line`` worth keeping when it goes: all of them if one is a comment.

    A comment on the line itself (``# noqa: F401``) went with the import it annotated.
    """
    leading = list(line.leading_lines)
    return leading if any(empty.comment is not None for empty in leading) else []


def rehome_comments(
    body: Sequence[cst.BaseStatement],
    footer: Sequence[cst.EmptyLine],
    orphans: Mapping[int, list[cst.EmptyLine]],
) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine]]:
    """A block without its emptied lines, their comment lines moved onto the next statement."""
    kept: list[cst.BaseStatement] = []
    pending: list[cst.EmptyLine] = []
    for statement in body:
        if id(statement) in orphans:
            pending.extend(orphans[id(statement)])
            continue
        if pending and isinstance(statement, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            statement = statement.with_changes(leading_lines=[*pending, *statement.leading_lines])
            pending = []
        kept.append(statement)
    return kept, [*pending, *footer]


def parenthesized(new: cst.BaseExpression, old: cst.BaseExpression) -> cst.BaseExpression:
    """``new`` wearing the parentheses of the expression it replaces."""
    return new.with_changes(lpar=old.lpar, rpar=old.rpar)


class RewriteImportsCommand(MappingCommand):
    """Move imports of legacy names and modules to their canonical modules, in place."""

    DESCRIPTION = "Move imports of legacy names and modules to their canonical modules, in place."
    #: No metadata up front: each provider is resolved on first use (``_support.resolved``). Moving a
    #: from-import of plain names needs none of them (the parents of import statements come
    #: from ``StatementSurvey``, which never enters an expression); scopes are needed for
    #: module imports and ``Class.attr`` targets, positions for warnings.
    METADATA_DEPENDENCIES = ()
    #: the transform never puts one node object in two places (see ``codemods._support.runner``)
    KEEPS_NODES_UNIQUE = True
    #: answer the planners' scope questions with ``light_scope`` where it is exact (tests turn it off
    #: to compare with LibCST's scope analysis)
    LIGHT_SCOPES = True

    def __init__(
        self,
        context: CodemodContext,
        names: Sequence[str] = (),
        keep_local_names: bool = False,
        module: str | None = None,
        reexported: Sequence[str] = (),
        file_context: FileContext | None = None,
    ) -> None:
        super().__init__(context, names, keep_local_names, module, reexported, file_context)
        self.plan = ImportPlan()
        self.pruner: AncestorPruner | None = None
        self.statement_parents: dict[cst.CSTNode, cst.CSTNode] = {}
        #: ids of the lines left without a statement, with the comment lines to move to the next one
        self.orphans: dict[int, list[cst.EmptyLine]] = {}
        #: the blocks being walked and their indentation
        self.indents: list[tuple[cst.IndentedBlock, str]] = []
        self.default_indent = "    "

    def _line_of(self, node: cst.CSTNode) -> int:
        return line_of(self, node)

    def _scope_of(self, node: cst.CSTNode) -> Scope | None:
        return self._together(ScopeProvider).get(node)  # type: ignore[return-value]

    def _scopes(self) -> tuple[Scope, ...]:
        return all_scopes(self._together(ScopeProvider).values())

    def _parent_of(self, node: cst.CSTNode) -> cst.CSTNode | None:
        if node in self.statement_parents:
            return self.statement_parents[node]
        if isinstance(node, cst.Module):
            return None
        return parent_of(self, node)

    def _is_load(self, node: cst.CSTNode) -> bool:
        return self._together(ExpressionContextProvider).get(node) == ExpressionContext.LOAD

    def _together(self, provider: type[BaseMetadataProvider[object]]) -> Mapping[cst.CSTNode, object]:
        """One of the providers a module import needs: all of them come from one batched walk."""
        return resolved(self, _TOGETHER)[provider]

    def _light_view(self, survey: StatementSurvey, text: Callable[[], str]) -> MetaView:
        """The metadata lookups answered by ``light_scope`` (built on the first question)."""
        built: list[LightScopes] = []

        def light() -> LightScopes:
            if not built:
                tree = parse_or_none(text().encode())
                if tree is None:
                    raise Unsure("the stdlib parser cannot read the file")
                parents, names = tree_maps(self)
                built.append(LightScopes(text(), tree, survey.imports, parents, names))
            return built[0]

        return MetaView(
            self._line_of,
            lambda node: light().scope_of(node),
            self._parent_of,
            lambda node: light().is_load(node),
            text,
            conflict=lambda name, is_allowed: light().first_conflict(name, is_allowed),
        )

    def visit_Module(self, node: cst.Module) -> bool:
        ctx = self.mapping()
        survey = StatementSurvey(self._line_of)
        node.visit(survey)
        self.default_indent = node.default_indent
        self.statement_parents = survey.parents
        text = functools.cache(lambda: source_text(node))
        meta = MetaView(self._line_of, self._scope_of, self._parent_of, self._is_load, text)
        try:  # LibCST's scope analysis only when a question is out of the light answers' reach
            light = self._light_view(survey, text) if self.LIGHT_SCOPES else meta
            self.plan = plan_imports(survey.imports, Planner(ctx, survey, self._scopes, light))
        except Unsure:
            self.plan = plan_imports(survey.imports, Planner(ctx, survey, self._scopes, meta))
        for finding in sorted(self.plan.findings, key=lambda f: f.line):
            self.findings.append(finding)
            self.warn(str(finding))
        plan = self.plan
        targets = [*plan.statements, *plan.names, *plan.attributes, *plan.strings]
        self.pruner = AncestorPruner(self._parent_of, targets)
        return bool(targets)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.pruner is not None and self.pruner.skips(node):
            return False
        return super().on_visit(node)

    def expand(self, statement: cst.BaseSmallStatement, *, comment_fits: bool = False) -> list[Part] | None:
        """The statements one planned import becomes (first the one it keeps), or None."""
        plan = self.plan.statements.get(statement)
        if plan is None or not isinstance(statement, (cst.Import, cst.ImportFrom)):
            return None
        room = ONE_LINE_LIMIT - sum(len(indent) for _, indent in self.indents)
        return split_statement(statement, plan, room=room, comment_fits=comment_fits)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> bool:
        self.indents.append((node, self.default_indent if node.indent is None else node.indent))
        return True

    def vanish(self, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        """Remove a line whose imports all went; its comment lines stay, for the enclosing block."""
        kept = comment_lines(line)
        if not kept:
            return cst.RemovalSentinel.REMOVE
        self.orphans[id(line)] = kept
        return line

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if len(original_node.body) != 1:
            body = self.expand_inline(original_node.body, updated_node.body)
            return updated_node.with_changes(body=body) if body else self.vanish(updated_node)
        trailing = original_node.trailing_whitespace
        parts = self.expand(original_node.body[0], comment_fits=trailing.comment is None)
        if parts is None:
            return updated_node
        if not parts:
            return self.vanish(updated_node)
        (statement, comment), rest = parts[0], parts[1:]
        first = updated_node.with_changes(
            body=[statement], trailing_whitespace=with_comment(trailing, comment)
        )
        return cst.FlattenSentinel([first, *(follow_line(original_node, *part) for part in rest)])

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if self.indents and self.indents[-1][0] is original_node:
            self.indents.pop()
        if not self.orphans:
            return updated_node
        body, footer = rehome_comments(updated_node.body, updated_node.footer, self.orphans)
        return updated_node.with_changes(body=body, footer=footer)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.orphans:
            return updated_node
        body, footer = rehome_comments(updated_node.body, updated_node.footer, self.orphans)
        return updated_node.with_changes(body=body, footer=footer)

    def leave_SimpleStatementSuite(
        self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite
    ) -> cst.SimpleStatementSuite:
        return updated_node.with_changes(body=self.expand_inline(original_node.body, updated_node.body))

    def expand_inline(
        self, original: Sequence[cst.BaseSmallStatement], updated: Sequence[cst.BaseSmallStatement]
    ) -> list[cst.BaseSmallStatement]:
        """Small statements on one line, each planned import replaced by what it becomes."""
        body: list[cst.BaseSmallStatement] = []
        for before, after in zip(original, updated):
            parts = self.expand(before)
            body.extend([after] if parts is None else [statement for statement, _ in parts])
        if body and body[-1] is not updated[-1]:
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return body

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        new = self.plan.attributes.get(original_node)
        return updated_node if new is None else parenthesized(cst.parse_expression(new), original_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        new = self.plan.names.get(original_node)
        return updated_node if new is None else parenthesized(cst.parse_expression(new), original_node)

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        return renamed_string(original_node, updated_node, self.plan.strings.get(original_node))


def run(source: bytes, ctx: FileContext) -> FileResult:
    """Run this codemod alone on exact bytes; never raises."""
    return run_commands(
        [factory_of(RewriteImportsCommand)], source, ctx, is_irrelevant=imports_no_legacy_module
    )
