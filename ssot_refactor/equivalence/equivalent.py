"""Verify stage: the safety check's entry points, on source text and on file bytes (pure)."""

from __future__ import annotations

import ast
import io
import tokenize
import warnings

from ssot_refactor.equivalence.differences import Difference, Sources, compare_blocks
from ssot_refactor.equivalence.normal_form import normal_form
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.model import FileContext


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


def check_equivalent(before: str, after: str, ctx: FileContext) -> tuple[Difference, ...]:
    """Differences between ``after`` and ``before`` beyond the declared renames (empty: equivalent)."""
    left, right = parse(before, "input"), parse(after, "output")
    problems = tuple(tree for tree in (left, right) if isinstance(tree, Difference))
    if problems or isinstance(left, Difference) or isinstance(right, Difference):
        return problems
    renames = Renames.of(ctx)
    left, right = normal_form(left, renames), normal_form(right, renames)
    if ast.dump(left) == ast.dump(right):
        return ()
    sources = Sources(tuple(before.splitlines()), tuple(after.splitlines()))
    found = compare_blocks(list(left.body), list(right.body), sources)
    return tuple(found) or (Difference(1, "line 1: the normalised modules differ"),)


def decode(source: bytes) -> str:
    """Decode source bytes with the file's declared encoding (cookie or BOM, else UTF-8)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    return source.decode(encoding)


def check_equivalent_bytes(before: bytes, after: bytes, ctx: FileContext) -> tuple[Difference, ...]:
    """``check_equivalent`` on file bytes, each side decoded with its own encoding."""
    texts: list[str] = []
    for side, source in (("input", before), ("output", after)):
        try:
            texts.append(decode(source))
        except (SyntaxError, UnicodeDecodeError, LookupError) as error:
            return (Difference(0, f"line 0: the {side} cannot be decoded ({error})"),)
    return check_equivalent(texts[0], texts[1], ctx)
