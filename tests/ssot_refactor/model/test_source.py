"""The shared stdlib tree of a file's bytes and its node lists."""

from __future__ import annotations

import ast
from pathlib import Path

import ssot_refactor
from ssot_refactor.model import nodes_of, source_tree, take_tree, take_tree_nodes, tree_nodes

SOURCE = b"""\
import os
from app.old import Engine


def build(x):
    async def inner():
        return [Engine(y) for y in x]

    return inner, os.sep
"""


def test_source_tree_is_shared_and_none_for_a_syntax_error() -> None:
    assert source_tree(SOURCE) is source_tree(bytes(SOURCE))
    assert source_tree(b"def broken(:\n") is None


def test_tree_nodes_lists_the_walk_once_per_tree() -> None:
    tree = source_tree(SOURCE)
    assert tree is not None
    assert list(tree_nodes(tree)) == list(ast.walk(tree))
    assert tree_nodes(tree) is tree_nodes(tree)


def test_nodes_of_keeps_walk_order_for_one_kind_and_for_several() -> None:
    tree = source_tree(SOURCE)
    assert tree is not None
    walked = list(ast.walk(tree))
    assert list(nodes_of(tree, ast.Name)) == [node for node in walked if isinstance(node, ast.Name)]
    both = [node for node in walked if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [type(node) for node in nodes_of(tree, ast.Import, ast.ImportFrom)] == [ast.Import, ast.ImportFrom]
    assert list(nodes_of(tree, ast.Import, ast.ImportFrom)) == both
    assert list(nodes_of(tree, ast.Global)) == []


def test_a_tree_parsed_again_gets_its_own_lists() -> None:
    first, second = ast.parse(SOURCE), ast.parse(SOURCE)
    assert tree_nodes(first) is not tree_nodes(second)
    assert len(tree_nodes(first)) == len(tree_nodes(second))


def test_take_tree_hands_over_the_shared_tree_and_the_next_reader_gets_a_new_one() -> None:
    source = SOURCE + b"# taken\n"
    shared = source_tree(source)
    assert shared is not None and tree_nodes(shared)
    taken = take_tree(source)
    assert taken is shared
    again = source_tree(source)
    assert again is not None and again is not taken
    assert take_tree(b"x = (\n") is None
    fresh = take_tree(b"y = 2\n")
    assert fresh is not None and fresh is not take_tree(b"y = 2\n")


def test_take_tree_nodes_hands_over_the_tree_with_the_lists_made_while_it_was_shared() -> None:
    source = SOURCE + b"# taken with its names\n"
    shared = source_tree(source)
    assert shared is not None
    names = nodes_of(shared, ast.Name)
    taken, kinds = take_tree_nodes(source, (ast.Name, ast.Global))
    assert taken is shared and kinds == {ast.Name: names, ast.Global: []}
    assert source_tree(source) is not taken
    fresh, fresh_kinds = take_tree_nodes(b"y = z\n", (ast.Name,))  # never shared: listed on the way
    assert fresh is not None and [node.id for node in fresh_kinds[ast.Name]] == ["y", "z"]  # type: ignore[attr-defined]
    assert take_tree_nodes(b"x = (\n", (ast.Name,)) == (None, {})


def test_the_safety_check_leaves_the_shared_trees_as_parsed() -> None:
    from ssot_refactor.equivalence import check_equivalent_bytes
    from ssot_refactor.model import FileContext, NameMap

    ctx = FileContext(
        path="app/user.py",
        module="app.user",
        is_package=False,
        name_map=NameMap.parse({"app.old:Engine": "app.new:UserEngine"}),
    )
    before = b"from app.old import Engine\n\nx = Engine()\n"
    after = b"from app.new import UserEngine\n\nx = UserEngine()\n"
    for source in (before, after):
        assert source_tree(source) is not None
    assert check_equivalent_bytes(before, after, ctx) == ()
    for source in (before, after):
        assert ast.dump(source_tree(source)) == ast.dump(ast.parse(source))  # type: ignore[arg-type]
    assert check_equivalent_bytes(before, after.replace(b"x =", b"y ="), ctx) != ()


STATEMENT_KINDS = (
    (ast.Import, ast.ImportFrom),
    (ast.ImportFrom,),
    (ast.FunctionDef, ast.ClassDef, ast.Global),
    (ast.Return, ast.Pass, ast.Expr),
)


def test_statement_kinds_alone_keep_walk_order_in_nested_blocks() -> None:
    source = b"""\
import a
try:
    import b
except ImportError:
    import c
else:
    if x:
        from d import e
finally:
    import f
match y:
    case 1:
        import g
class K:
    import h
    def m(self):
        from . import i
        return [j for j in ()]
import k
"""
    tree = ast.parse(source)
    wanted = (ast.Import, ast.ImportFrom)
    expected = [node for node in ast.walk(tree) if type(node) in wanted]
    assert len(expected) == 9
    assert list(nodes_of(tree, *wanted)) == expected
    assert list(tree_nodes(tree)) == list(ast.walk(tree))  # the whole list after the statements-only one


def _every_snapshot_source() -> list[bytes]:
    root = Path(__file__).resolve().parents[3] / "snapshots"
    return [path.read_bytes() for path in sorted(root.rglob("*.py"))]


def test_tree_nodes_is_the_walk_of_every_snapshot_and_of_this_package() -> None:
    package = Path(ssot_refactor.__file__).parent
    sources = _every_snapshot_source() + [path.read_bytes() for path in sorted(package.rglob("*.py"))]
    compared = 0
    for source in sources:
        tree = source_tree(source)
        if tree is None:
            continue
        walked = list(ast.walk(tree))
        # statement kinds first, from the statements-only list; then everything, from the whole one
        for kinds in STATEMENT_KINDS + ((ast.Name,), (ast.Constant,), (ast.match_case,)):
            assert list(nodes_of(tree, *kinds)) == [node for node in walked if type(node) in kinds]
        assert list(tree_nodes(tree)) == walked
        for kinds in STATEMENT_KINDS:
            assert list(nodes_of(tree, *kinds)) == [node for node in walked if type(node) in kinds]
        compared += 1
    assert compared > 100
