"""Unit tests of the layout of a split parenthesized import in ``codemods/rewrite_imports/layout.py``."""

from __future__ import annotations

import libcst as cst
import pytest

from codemods.rewrite_imports.layout import ONE_LINE_LIMIT, is_split, read_layout, resplit


def import_from(code: str) -> cst.ImportFrom:
    statement = cst.parse_module(code).body[0]
    assert isinstance(statement, cst.SimpleStatementLine)
    node = statement.body[0]
    assert isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar)
    return node


def code_of(node: cst.CSTNode) -> str:
    return cst.Module(body=()).code_for_node(node)


VERTICAL = "from a import (  # head\n    A,  # a\n    # above b\n    B,\n    C  # c\n    # footer\n)\n"


def test_each_comment_belongs_to_the_name_it_is_next_to() -> None:
    statement = import_from(VERTICAL)
    layout = read_layout(statement, statement.names)
    a, b, c = (layout.items[id(alias)] for alias in statement.names)
    assert layout.vertical and not layout.trailing_comma
    assert layout.head is not None and code_of(layout.head).strip() == "# head"
    assert [line.comment.value for line in layout.footer if line.comment] == ["# footer"]
    assert a.trailing is not None and a.trailing.comment is not None and a.trailing.comment.value == "# a"
    assert [line.comment.value for line in b.leading if line.comment] == ["# above b"] and b.trailing is None
    assert c.trailing is not None and c.trailing.comment is not None and c.trailing.comment.value == "# c"


def pick(code: str, indexes: list[int], *, fresh: bool, room: int = ONE_LINE_LIMIT) -> tuple[str, str | None]:
    """The statement ``resplit`` writes for some names of ``code``, and its line comment."""
    statement = import_from(code)
    names = [statement.names[index] for index in indexes]
    entries = [(alias, id(alias)) for alias in names]
    written, comment = resplit(
        statement, statement.with_changes(names=names), entries, fresh=fresh, room=room, comment_fits=True
    )
    return code_of(written), None if comment is None or comment.comment is None else comment.comment.value


@pytest.mark.parametrize(
    ("code", "indexes", "fresh", "expected"),
    [
        pytest.param(
            VERTICAL,
            [0, 2],
            False,
            ("from a import (  # head\n    A,  # a\n    C  # c\n    # footer\n)", None),
            id="kept_part_keeps_head_and_footer",
        ),
        pytest.param(
            VERTICAL, [1], True, ("from a import (\n    # above b\n    B\n)", None), id="comment_line_moves"
        ),
        pytest.param(VERTICAL, [2], True, ("from a import C", "# c"), id="single_name_comment_ends_line"),
        pytest.param(
            "from a import (A, B, C)\n", [0, 2], False, ("from a import (A, C)", None), id="one_line"
        ),
        pytest.param("from a import (A, B,)\n", [0], False, ("from a import A", None), id="single_name_bare"),
        pytest.param(
            "from a import (A, B,  # b\n)\n", [0], False, ("from a import A", None), id="dangling_gone"
        ),
        pytest.param(
            "from a import (\n    A,\n    B,\n    C,\n)\n",
            [1, 2],
            True,
            ("from a import (\n    B,\n    C,\n)", None),
            id="trailing_comma_kept_one_per_line",
        ),
    ],
)
def test_resplit(code: str, indexes: list[int], fresh: bool, expected: tuple[str, str | None]) -> None:
    assert pick(code, indexes, fresh=fresh) == expected


def test_a_single_name_keeps_its_parentheses_when_the_line_would_be_too_long() -> None:
    code = "from a import (\n    A,\n    B,\n)\n"
    assert pick(code, [0], fresh=False, room=len("from a import A")) == ("from a import A", None)
    assert pick(code, [0], fresh=False, room=len("from a import A") - 1) == (
        "from a import (\n    A,\n)",
        None,
    )


def test_only_a_parenthesized_import_losing_names_is_split() -> None:
    statement = import_from("from a import (A, B)\n")
    assert is_split(statement, statement.names[:1])
    assert not is_split(statement, statement.names)
    bare = import_from("from a import A, B\n")
    assert not is_split(bare, bare.names[:1])
