"""``same_tree``: the safety check's comparison answers what comparing ``ast.dump`` answers."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import CONTEXTS, SETTINGS, legacy_modules
from support.paths import SNAPSHOTS

from codemods import rewrite_source
from ssot_refactor.equivalence.equivalent import same_tree
from ssot_refactor.equivalence.normal_form import normal_form
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.model import Edited, FileContext

PAIRS = [
    ("x = 1", "x = 1"),
    ("x = 1", "x = True"),  # equal values of other types
    ("x = 0.0", "x = -0.0"),  # equal floats that ast.dump writes apart
    ("x = float('nan')", "x = float('nan')"),
    ("x = 1e400", "x = 2e400"),  # both inf
    ("x = 2j", "x = 2.0j"),
    ("x = 'a'", "x = u'a'"),  # Constant.kind
    ("x = b'a'", "x = 'a'"),
    ("def f() -> int: pass", "def f(): pass"),  # an optional field left out
    ("x: int", "x: int = 1"),
    ("import a", "import a as b"),
    ("f(a, b)", "f(a)"),
    ("f(a, b)", "f(b, a)"),
    ("del a", "a"),  # the same name in another context
    ("x = 1\n", "x = 1  # the comment and the line do not count\n\n"),
]


@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_same_tree_answers_as_ast_dump_on_edge_cases(one: str, other: str) -> None:
    left, right = ast.parse(one), ast.parse(other)
    assert same_tree(left, right) == (ast.dump(left) == ast.dump(right))
    assert same_tree(right, left) == same_tree(left, right)
    assert same_tree(left, ast.parse(one))


def test_a_field_missing_matches_only_another_missing_or_an_omitted_none() -> None:
    name = ast.Name(id="x", ctx=ast.Load())
    bare = ast.Name(id="x")  # ctx left out
    assert same_tree(name, bare) == (ast.dump(name) == ast.dump(bare))
    optional = ast.Return(value=None)
    assert same_tree(optional, ast.Return()) == (ast.dump(optional) == ast.dump(ast.Return()))


def _normalised(source: bytes, ctx: FileContext) -> ast.Module:
    return normal_form(ast.parse(source), Renames.of(ctx))


@SETTINGS
@given(legacy_modules(), legacy_modules(), st.sampled_from(CONTEXTS))
def test_same_tree_answers_as_ast_dump_on_normal_forms(one: bytes, other: bytes, ctx: FileContext) -> None:
    rewritten = rewrite_source(one, ctx)
    after = rewritten.after if isinstance(rewritten, Edited) else one
    for left, right in ((one, after), (one, other), (one, one)):
        first, second = _normalised(left, ctx), _normalised(right, ctx)
        assert same_tree(first, second) == (ast.dump(first) == ast.dump(second))


def test_same_tree_answers_as_ast_dump_on_every_snapshot_pair() -> None:
    compared = 0
    for expected in sorted(SNAPSHOTS.glob("*/*/expected.py")):
        left, right = ast.parse(expected.with_name("input.py").read_bytes()), ast.parse(expected.read_bytes())
        assert same_tree(left, right) == (ast.dump(left) == ast.dump(right)), expected
        compared += 1
    assert compared > 100
