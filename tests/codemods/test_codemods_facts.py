"""Unit tests of the statement facts in ``codemods/_support/facts.py``: where imports are, and when two
imports of one name bind it twice."""

from __future__ import annotations

import libcst as cst
import pytest

from codemods._support import FileFacts, Place, is_redefinition


def places(source: str) -> list[Place]:
    """The place of every import statement of ``source``, in source order."""
    facts = FileFacts(lambda node: 0)
    cst.parse_module(source).visit(facts)
    return list(facts.places.values())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("import a\nimport b\n", False, id="same_block"),
        pytest.param("import a\nif x:\n    import b\n", True, id="module_and_if_body"),
        pytest.param("if x:\n    import a\nimport b\n", True, id="if_body_and_module"),
        pytest.param("if x:\n    import a\nelse:\n    import b\n", False, id="if_and_else"),
        pytest.param("if x:\n    import a\nelif y:\n    import b\n", False, id="if_and_elif"),
        pytest.param("try:\n    import a\nexcept ImportError:\n    import b\n", False, id="try_and_handler"),
        pytest.param(
            "try:\n    import a\nexcept ValueError:\n    import b\nexcept ImportError:\n    import c\n",
            False,
            id="two_handlers",
        ),
        pytest.param(
            "try:\n    import a\nexcept E:\n    pass\nelse:\n    import b\n", True, id="try_and_else"
        ),
        pytest.param("try:\n    import a\nfinally:\n    import b\n", True, id="try_and_finally"),
        pytest.param("if x:\n    import a\nif y:\n    import b\n", True, id="two_ifs"),
        pytest.param("for x in y:\n    import a\nelse:\n    import b\n", True, id="loop_and_else"),
        pytest.param(
            "match x:\n    case 1:\n        import a\n    case _:\n        import b\n", False, id="two_cases"
        ),
        pytest.param("if x:\n    import a; import b\n", False, id="same_line_in_block"),
    ],
)
def test_is_redefinition(source: str, expected: bool) -> None:
    first, second = places(source)[:2]
    assert is_redefinition(first, second) is expected
    assert is_redefinition(second, first) is expected


def test_places_are_the_blocks_around_each_import() -> None:
    found = places("import a\nif x:\n    try:\n        import b\n    except E:\n        import c\n")
    assert found[0] == ()
    assert [type(node).__name__ for node in found[1]] == ["If", "IndentedBlock", "Try", "IndentedBlock"]
    assert [type(node).__name__ for node in found[2]][-2:] == ["ExceptHandler", "IndentedBlock"]
