"""Verify stage: the safety check's entry points, on source text and on file bytes (pure)."""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from collections.abc import Mapping, Sequence

from ssot_refactor.equivalence.differences import Difference, Sources, compare_blocks
from ssot_refactor.equivalence.normal_form import bind, normalise
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.equivalence.unchanged import KINDS, set_aside
from ssot_refactor.model import FileContext, take_tree, take_tree_nodes


def parse(source: str, side: str) -> ast.Module | Difference:
    """The tree of ``source``, or the difference naming the line it fails to parse on."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return ast.parse(source)
    except SyntaxError as error:
        return Difference(
            error.lineno or 0, f"line {error.lineno or 0}: the {side} does not parse ({error.msg})"
        )


def check_equivalent(
    before: str, after: str, ctx: FileContext, *, set_aside_unchanged: bool = True
) -> tuple[Difference, ...]:
    """Differences between ``after`` and ``before`` beyond the declared renames (empty: equivalent).

    ``set_aside_unchanged=False`` walks every definition, even those the same on both sides
    (``unchanged``): the verdict is the same, only slower.
    """
    left, right = parse(before, "input"), parse(after, "output")
    problems = tuple(tree for tree in (left, right) if isinstance(tree, Difference))
    if problems or isinstance(left, Difference) or isinstance(right, Difference):
        return problems
    nodes = _nodes_by_kind(left) if set_aside_unchanged else None
    return _compare(left, right, before, after, ctx, nodes)


def _compare(
    left: ast.Module,
    right: ast.Module,
    before: str,
    after: str,
    ctx: FileContext,
    nodes: Mapping[type, Sequence[ast.AST]] | None,
) -> tuple[Difference, ...]:
    """The differences of two trees of ``before`` and ``after``, which it normalises in place.

    With ``nodes`` (the input tree's nodes of ``unchanged.KINDS``), the definitions that are the
    same on both sides are set aside first.
    """
    renames = Renames.of(ctx)
    aside = None if nodes is None else set_aside(left, right, before, after, nodes)
    binders = bind(left, renames), bind(right, renames)
    if aside is not None and aside.restore_unsafe(binders[0].scope, binders[1].scope):
        binders = bind(left, renames), bind(right, renames)
    left, right = normalise(left, renames, binders[0]), normalise(right, renames, binders[1])
    if same_tree(left, right):
        return ()
    if aside is not None and aside.pairs:  # the messages come from the whole trees
        return check_equivalent(before, after, ctx, set_aside_unchanged=False)
    sources = Sources(tuple(before.splitlines()), tuple(after.splitlines()))
    found = compare_blocks(list(left.body), list(right.body), sources)
    return tuple(found) or (Difference(1, "line 1: the normalised modules differ"),)


def _nodes_by_kind(tree: ast.Module) -> dict[type, list[ast.AST]]:
    wanted = set(KINDS)
    found: dict[type, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if type(node) in wanted:
            found.setdefault(type(node), []).append(node)
    return found


def same_tree(left: ast.AST, right: ast.AST) -> bool:
    """``ast.dump(left) == ast.dump(right)``, without writing either out.

    The fields are compared, not the positions. A field ``ast.dump`` leaves out (missing, or
    None where the node type's default is None) matches only another left out; other values
    compare with their type, floats and complex numbers by ``repr`` as ``ast.dump`` writes
    them (``-0.0``, ``nan``).
    """
    pairs: list[tuple[object, object]] = [(left, right)]
    while pairs:
        one, other = pairs.pop()
        if type(one) is not type(other):
            return False
        if isinstance(one, ast.AST):
            assert isinstance(other, ast.AST)
            pairs.extend((_field(one, name), _field(other, name)) for name in one._fields)
        elif isinstance(one, list):
            if len(one) != len(other):  # type: ignore[arg-type]
                return False
            pairs.extend(zip(one, other))  # type: ignore[call-overload]
        elif isinstance(one, (float, complex)):
            if repr(one) != repr(other):
                return False
        elif one != other:
            return False
    return True


_OMITTED = object()


def _field(node: ast.AST, name: str) -> object:
    """A field's value, or ``_OMITTED`` where ``ast.dump`` leaves it out."""
    value = getattr(node, name, _OMITTED)
    if value is None and getattr(type(node), name, _OMITTED) is None:
        return _OMITTED
    return value


def decode(source: bytes) -> str:
    """Decode source bytes with the file's declared encoding (cookie or BOM, else UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def check_equivalent_bytes(before: bytes, after: bytes, ctx: FileContext) -> tuple[Difference, ...]:
    """``check_equivalent`` on file bytes, each side decoded with its own encoding.

    The trees are the ones the rewrite's stages shared (``model.take_tree``): this check runs
    last on them, so it takes them rather than parsing both sides again, with the node lists
    the stages made of the input's tree.
    """
    texts: list[str] = []
    for side, source in (("input", before), ("output", after)):
        try:
            texts.append(decode(source))
        except (SyntaxError, UnicodeDecodeError, LookupError) as error:
            return (Difference(0, f"line 0: the {side} cannot be decoded ({error})"),)
    left, nodes = take_tree_nodes(before, KINDS)
    right = take_tree(after) if after != before else None
    if left is None or right is None:  # a side that does not parse: say where, from the text
        return check_equivalent(texts[0], texts[1], ctx)
    return _compare(left, right, texts[0], texts[1], ctx, nodes)
