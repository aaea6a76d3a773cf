"""The shared stdlib tree of a file's bytes and its node lists."""

from __future__ import annotations

import ast

from ssot_refactor.model import nodes_of, source_tree, tree_nodes

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
