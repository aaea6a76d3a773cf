"""What a scope binds: ``bound_names`` against the generator walk it replaced, on real and generated code."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from support.generated_modules import SETTINGS, legacy_modules, unrelated_modules
from support.paths import SNAPSHOTS

import ssot_refactor
from ssot_refactor.scan.namespace import _parameter_names, _scope_roots, _walk_scope, bound_names

SCOPES = (
    ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
)  # fmt: skip


def by_walking(scope_node: ast.AST, walrus: bool) -> set[str]:
    """``bound_names`` as first written, over the generator walk ``_walk_scope`` (which
    ``top_level_definitions`` still uses)."""
    bound = _parameter_names(scope_node)
    declared: set[str] = set()
    for node in _walk_scope(_scope_roots(scope_node), values=walrus):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update(
                (alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*"
            )
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)  # match patterns: not in the walk as first written, added since
        elif isinstance(node, ast.MatchMapping) and node.rest:
            bound.add(node.rest)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            bound.add(node.target.id)
    return bound - declared


def compare_every_scope(source: bytes) -> int:
    """Compare both ways of reading every scope of ``source``, with and without walrus; the scopes read."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return 0
    scopes = [node for node in ast.walk(tree) if isinstance(node, SCOPES)]
    for scope in scopes:
        for walrus in (True, False):
            assert bound_names(scope, walrus) == by_walking(scope, walrus), (ast.dump(scope)[:200], walrus)
    return len(scopes)


EDGES = b"""\
import a.b.c, d as e
from f import *
from g import (h, i as j)
k, [l, *m] = n = o[p] = q.r = 1
del s, t[0]
(u := 2)
lambda v=(w := 3): v
for x in y:
    pass
with z as (aa, bb):
    pass
try:
    pass
except E as cc:
    pass
match dd:
    case {"k": ee, **ff} if (gg := 1):
        pass
    case Point(x=hh) | [ii, *jj]:
        pass
@deco(kk := 4)
class C(Base, ll := object):
    mm = 1
    def nn(self, oo, *pp, qq=1, **rr):
        global ss
        nonlocal_here = 1
        ss = tt = 2
        return {uu: vv for uu in ww}, {**xx, None: yy}
def outer():
    zz = 1
    def inner():
        nonlocal zz
        zz = 2
type_alias_is_a_name = int
"""


def test_bound_names_is_the_walk_on_every_edge_case() -> None:
    assert compare_every_scope(EDGES) == 7
    module = ast.parse(EDGES)
    expected = {"a", "e", "h", "j", "k", "l", "m", "n", "s", "u", "x", "aa", "bb", "cc", "C", "outer"}
    assert expected <= bound_names(module)
    assert not {"d", "i", "t", "o", "q", "v", "nn"} & bound_names(module)  # aliased, read, or another scope's
    assert {"ee", "ff", "hh", "ii", "jj"} <= bound_names(module)  # the names match patterns capture
    assert "u" not in bound_names(module, walrus=False)  # a walrus is looked for only in a file that has one


def test_bound_names_is_the_walk_on_every_snapshot_and_on_this_package() -> None:
    package = Path(ssot_refactor.__file__).parent
    paths = sorted(SNAPSHOTS.rglob("*.py")) + sorted(package.rglob("*.py"))
    assert sum(compare_every_scope(path.read_bytes()) for path in paths) > 1000


@SETTINGS
@given(legacy_modules())
def test_bound_names_is_the_walk_on_generated_modules(source: bytes) -> None:
    compare_every_scope(source)


@SETTINGS
@given(unrelated_modules())
def test_bound_names_is_the_walk_on_generated_unrelated_modules(source: bytes) -> None:
    compare_every_scope(source)
