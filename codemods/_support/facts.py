"""Syntactic facts about one file that make a rename unsafe or a name public (read-only)."""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from codemods._support.names import dotted_name

LineOf = Callable[[cst.CSTNode], int]


def _strings_in(node: cst.BaseExpression) -> list[str]:
    """The string items of a list, tuple or set display (``["A", "B"]``)."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return []
    found: list[str] = []
    for element in node.elements:
        value = element.value
        if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
            found.append(value.evaluated_value)
    return found


def _targets_of(node: cst.BaseExpression) -> list[str]:
    """The plain names a ``del`` target removes (``del a, (b, c)``)."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [name for element in node.elements for name in _targets_of(element.value)]
    return []


class StatementVisitor(cst.CSTVisitor):
    """A visitor that walks statements only: expressions hold no statement, so it skips them."""

    def on_visit(self, node: cst.CSTNode) -> bool:
        return not isinstance(node, cst.BaseExpression) and super().on_visit(node)


#: the nodes that make up where a statement is: compound statements, their blocks and branches
_PLACES = (
    cst.BaseCompoundStatement,
    cst.BaseSuite,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Else,
    cst.Finally,
    cst.MatchCase,
)

Place = tuple[cst.CSTNode, ...]  #: the compound statements, branches and blocks around a statement


def branch_of(parent: cst.CSTNode, child: cst.CSTNode) -> cst.CSTNode | None:
    """The alternative of ``parent`` that ``child`` starts, when only one alternative runs.

    An ``if``'s body and its ``else``/``elif``, a ``try``'s handlers and its body (with its
    ``else``), a ``match``'s cases; None for a part that always runs (``finally``, a loop).
    """
    if isinstance(parent, cst.If) or (isinstance(parent, cst.Match) and isinstance(child, cst.MatchCase)):
        return child
    if not isinstance(parent, (cst.Try, cst.TryStar)) or isinstance(child, cst.Finally):
        return None
    return child if isinstance(child, (cst.ExceptHandler, cst.ExceptStarHandler)) else parent.body


def is_redefinition(first: Place, second: Place) -> bool:
    """True when statements at the two places may both run and are not in the same block.

    Two imports of one name there bind it twice (pyflakes' F811) and neither merges into the
    other: one branch of a ``try``/``if`` and its alternative, or one block, are not that.
    """
    if first == second:
        return False
    for depth, (left, right) in enumerate(zip(first, second)):
        if left is not right:
            if not depth:
                return True
            branches = branch_of(first[depth - 1], left), branch_of(first[depth - 1], right)
            return None in branches or branches[0] is branches[1]
    return True


class FileFacts(StatementVisitor):
    """``__all__`` entries, names declared ``global``/``nonlocal``, names deleted with ``del``,
    and the place of every import statement."""

    def __init__(self, line_of: LineOf) -> None:
        super().__init__()
        self.line_of = line_of
        self.exported: set[str] = set()
        self.declared: dict[str, int] = {}
        self.deleted: dict[str, int] = {}
        self.places: dict[cst.CSTNode, Place] = {}  #: import statement -> its place
        self.around: list[cst.CSTNode] = []  #: the place being walked

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            self.places[node] = tuple(self.around)
        enter = super().on_visit(node)
        if enter and isinstance(node, _PLACES):
            self.around.append(node)
        return enter

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.around and self.around[-1] is original_node:
            self.around.pop()
        super().on_leave(original_node)

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(dotted_name(target.target) == "__all__" for target in node.targets):
            self.exported.update(_strings_in(node.value))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if dotted_name(node.target) == "__all__":
            self.exported.update(_strings_in(node.value))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if dotted_name(node.target) == "__all__" and node.value is not None:
            self.exported.update(_strings_in(node.value))

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not isinstance(call, cst.Call) or not call.args:
            return
        if dotted_name(call.func) in ("__all__.extend", "__all__.append"):
            value = call.args[0].value
            if isinstance(value, cst.SimpleString) and isinstance(value.evaluated_value, str):
                self.exported.add(value.evaluated_value)
            self.exported.update(_strings_in(value))

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.declared.setdefault(item.name.value, self.line_of(node))

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.declared.setdefault(item.name.value, self.line_of(node))

    def visit_Del(self, node: cst.Del) -> None:
        for name in _targets_of(node.target):
            self.deleted.setdefault(name, self.line_of(node))


class StatementSurvey(FileFacts):
    """``FileFacts`` plus, in the same walk, the import statements in source order and the
    parents of every statement-level node (blocks, lines, small statements).

    LibCST's ParentNodeProvider records every node of the tree; the import planner mostly asks
    for the line and block of an import statement, which this finds without entering a single
    expression or small statement.
    """

    def __init__(self, line_of: LineOf) -> None:
        super().__init__(line_of)
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.imports: list[cst.Import | cst.ImportFrom] = []
        self.stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.parents[node] = self.stack[-1]
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            self.imports.append(node)
        enter = super().on_visit(node)  # the FileFacts visit_* of this node
        if not enter or isinstance(node, _LEAVES):
            return False
        self.stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.stack and self.stack[-1] is original_node:
            self.stack.pop()
        super().on_leave(original_node)


#: nodes that hold no statement: their children need no parent from the survey
_LEAVES = (
    cst.BaseExpression,
    cst.BaseSmallStatement,
    cst.Decorator,
    cst.Parameters,
    cst.Annotation,
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.TrailingWhitespace,
    cst.Newline,
    cst.Comment,
    cst.AsName,
    cst.WithItem,
    cst.MatchPattern,
)
