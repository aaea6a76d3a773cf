"""What each intermediate version of a cut file loads and imports, without parsing it whole (pure).

A cut file has one version per legacy module's commit, and each must be checked (``cut``). A
version differs from the original only where its hunks apply, so the file is split at its
top-level statements: a stretch of statements that no applied hunk touches keeps the original's
parsed statements, and only the touched stretches are parsed again (once per distinct text; the
versions share most of them). Each statement is indexed once, alone, by the scanner's indexer,
and a version's facts are put together from its statements' (``Versions._combined``). A
5,000-line module cut 24 ways is so parsed and indexed about twice instead of 24 times.
"""

from __future__ import annotations

import ast
import bisect
import itertools
from collections.abc import Collection, Sequence

from ssot_refactor.model import FileContext, source_tree
from ssot_refactor.plan.diff import Hunk, apply
from ssot_refactor.scan.index import index_tree
from ssot_refactor.scan.namespace import bound_names
from ssot_refactor.scan.records import ModuleInfo

#: the names a version loads but binds nowhere, and what it imports as ``(module, name)``
Facts = tuple[set[str], set[tuple[str, str | None]]]


class Versions:
    """The facts of ``source`` with any subset of ``found`` applied."""

    def __init__(self, source: bytes, found: Sequence[Hunk], ctx: FileContext) -> None:
        self.source, self.found, self.ctx = source, found, ctx
        tree = source_tree(source)  # shared with ``cut``, which lists its imports; only read here
        self.tree = tree
        self._line_starts = [0]
        for line in source.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.bounds = self._bounds(tree)
        self.statements: list[list[ast.stmt]] = [[] for _ in self.bounds]
        for statement in tree.body if tree is not None else ():
            self.statements[self._chunk_of(self._offset(statement), insertion=False)].append(statement)
        self.hunks_of: list[list[int]] = [[] for _ in self.bounds]
        for number, hunk in enumerate(found):
            self.hunks_of[self._chunk_of(hunk.start, insertion=hunk.start == hunk.end)].append(number)
        self._parsed: dict[bytes, list[ast.stmt] | None] = {}
        self._statements: dict[
            int, tuple[ast.stmt, tuple[set[str], set[str], set[tuple[str, str | None]]] | None]
        ] = {}

    def facts(self, taken: Collection[int]) -> Facts | None:
        """The facts of the version with the hunks numbered ``taken``; None when it does not parse."""
        if self.tree is None:
            return None
        body: list[ast.stmt] = []
        for chunk, numbers in enumerate(self.hunks_of):
            applied = [self.found[n] for n in numbers if n in taken]
            if not applied:
                body += self.statements[chunk]
                continue
            statements = self._parse(self._text(chunk, applied))
            if statements is None:
                return None
            body += statements
        return self._combined(body)

    def _combined(self, body: list[ast.stmt]) -> Facts | None:
        """The facts of a module of these statements, from the facts of each statement alone.

        A load the indexer finds undefined in the whole module is one it finds undefined in its
        own statement (the nested scopes are the statement's) that no statement binds at module
        level. That holds unless a module-level ``global`` unbinds a name another statement
        binds; then the module is indexed whole.
        """
        undefined: set[str] = set()
        bound: set[str] = set()
        imports: set[tuple[str, str | None]] = set()
        for statement in body:
            part = self._statement_facts(statement)
            if part is None:
                return None
            undefined |= part[0]
            bound |= part[1]
            imports |= part[2]
        module = ast.Module(body=body, type_ignores=[])
        if bound_names(module) != bound:
            ctx = self.ctx
            return _facts_of(index_tree(ctx.path, module, ctx.module, ctx.is_package))
        return undefined - bound, imports

    def _statement_facts(
        self, statement: ast.stmt
    ) -> tuple[set[str], set[str], set[tuple[str, str | None]]] | None:
        """What one statement alone loads unbound, binds at module level and imports (cached)."""
        known = self._statements.get(id(statement))
        if known is not None:
            return known[1]
        ctx = self.ctx
        module = ast.Module(body=[statement], type_ignores=[])
        facts = _facts_of(index_tree(ctx.path, module, ctx.module, ctx.is_package))
        part = None if facts is None else (facts[0], bound_names(module), facts[1])
        self._statements[id(statement)] = (statement, part)  # the statement is kept, so its id stays its own
        return part

    # the stretches -------------------------------------------------------------

    def _bounds(self, tree: ast.Module | None) -> list[int]:
        """Where each stretch starts: the first line of a top-level statement, unless a hunk spans it.

        A file with a byte order mark or an encoding declaration is one stretch (its parts alone
        would not decode as it does).
        """
        head = self.source[:200].split(b"\n", 2)[:2]
        if tree is None or self.source.startswith(b"\xef\xbb\xbf") or any(b"coding" in line for line in head):
            return [0]
        starts = sorted({self._offset(statement) for statement in tree.body} | {0})
        return unspanned(starts, self.found)

    def _offset(self, statement: ast.stmt) -> int:
        """Where the statement's first line starts (its first decorator's, for a decorated one)."""
        decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
        first = min([statement.lineno, *(decorator.lineno for decorator in decorators)])
        return self._line_starts[first - 1]

    def _chunk_of(self, offset: int, *, insertion: bool) -> int:
        """The stretch holding ``offset``; an insertion where a stretch starts joins the one before."""
        if insertion:
            return max(bisect.bisect_left(self.bounds, offset) - 1, 0)
        return bisect.bisect_right(self.bounds, offset) - 1

    def _text(self, chunk: int, applied: list[Hunk]) -> bytes:
        start = self.bounds[chunk]
        end = self.bounds[chunk + 1] if chunk + 1 < len(self.bounds) else len(self.source)
        shifted = [Hunk(h.start - start, h.end - start, h.text, h.removed, h.added) for h in applied]
        return apply(self.source[start:end], shifted)

    def _parse(self, text: bytes) -> list[ast.stmt] | None:
        if text not in self._parsed:
            try:
                self._parsed[text] = ast.parse(text).body
            except (SyntaxError, ValueError):
                self._parsed[text] = None
        return self._parsed[text]


def unspanned(offsets: Sequence[int], found: Sequence[Hunk]) -> list[int]:
    """The offsets no hunk spans (starts before and ends after), in their order.

    The hunks by start, and the furthest end among those that start before an offset, say it
    with one bisection per offset: a 5,000-line module has hundreds of statements and of hunks.
    """
    spans = sorted((hunk.start, hunk.end) for hunk in found)
    firsts = [start for start, _ in spans]
    furthest = list(itertools.accumulate((end for _, end in spans), max))
    return [at for at in offsets if (n := bisect.bisect_left(firsts, at)) == 0 or furthest[n - 1] <= at]


def facts_of_source(data: bytes, ctx: FileContext) -> Facts | None:
    """The facts of a whole file; None when it does not parse or its undefined names cannot be known."""
    from ssot_refactor.scan.index import index_source

    info = index_source(ctx.path, data, ctx.module, ctx.is_package)
    return _facts_of(info) if isinstance(info, ModuleInfo) else None


def _facts_of(info: ModuleInfo) -> Facts | None:
    if info.undefined is None:
        return None
    return {name for name, _ in info.undefined}, {(record.module, record.name) for record in info.imports}
