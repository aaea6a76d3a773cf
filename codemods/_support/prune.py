"""Which statements a planned transform can skip (pure).

The commands decide every edit up front, keyed by original nodes; the transform then only has
to reach those nodes. Walking and rebuilding the thousands of nodes around them is most of a
transform's cost, so each command's ``on_visit`` asks ``StatementPruner.skips``: a statement
that holds no edited node is not entered (LibCST keeps it as it is, same object, same bytes).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

import libcst as cst
from libcst.metadata import CodeRange

PositionOf = Callable[[cst.CSTNode], CodeRange]


class StatementPruner:
    """Skips statements whose lines hold none of the target nodes' first lines."""

    def __init__(self, position_of: PositionOf, targets: Iterable[cst.CSTNode]) -> None:
        self.position_of = position_of
        self.lines = sorted({position_of(node).start.line for node in targets})

    def skips(self, node: cst.CSTNode) -> bool:
        """True for a statement (simple line or compound, decorators included) with no target in it."""
        if not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return False
        span = self.position_of(node)
        first, last = span.start.line, span.end.line
        decorators = getattr(node, "decorators", ())
        if decorators:
            first = min(first, self.position_of(decorators[0]).start.line)
        at = bisect_left(self.lines, first)
        return at == len(self.lines) or self.lines[at] > last


class AncestorPruner:
    """Skips statements that are not ancestors of a target node (exact; needs parents, not lines)."""

    def __init__(
        self, parent_of: Callable[[cst.CSTNode], cst.CSTNode | None], targets: Iterable[cst.CSTNode]
    ) -> None:
        self.keep: set[cst.CSTNode] = set()
        for target in targets:
            node: cst.CSTNode | None = target
            while node is not None and node not in self.keep:
                self.keep.add(node)
                node = parent_of(node)

    def skips(self, node: cst.CSTNode) -> bool:
        """True for a statement that holds no target."""
        return (
            isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)) and node not in self.keep
        )
