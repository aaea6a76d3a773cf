"""Unit tests of the pure naming decisions in ``codemods/_support/names.py``."""

from __future__ import annotations

import keyword

import libcst as cst
import pytest
from hypothesis import given
from hypothesis import strategies as st

from codemods._support import (
    annotation_chains,
    choose_local_name,
    dotted_name,
    may_import_legacy,
    package_of,
    relative_base,
    relative_form,
    replace_prefix,
    resolve_module,
    rewrite_annotation,
)
from codemods.rewrite_imports.nodes import is_directive_comment, module_binding


@pytest.mark.parametrize(
    ("module", "is_package", "expected"),
    [
        ("app.consumer", False, "app"),
        ("app", True, "app"),
        ("app.sub", True, "app.sub"),
        ("consumer", False, ""),
        (None, False, None),
    ],
    ids=["module", "package", "subpackage", "top_level_module", "unknown"],
)
def test_package_of(module: str | None, is_package: bool, expected: str | None) -> None:
    assert package_of(module, is_package) == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [(1, "app.sub"), (2, "app"), (3, ""), (4, None)],
    ids=["one_dot", "two_dots", "three_dots_reach_root", "beyond_root"],
)
def test_relative_base(level: int, expected: str | None) -> None:
    assert relative_base("app.sub.consumer", False, level) == expected


@pytest.mark.parametrize(
    ("relative", "level", "module", "is_package", "expected"),
    [
        ("app.old", 0, None, False, "app.old"),
        ("old", 1, "app.consumer", False, "app.old"),
        ("", 1, "app.consumer", False, "app"),
        ("old", 1, "app", True, "app.old"),
        ("old", 2, "app.sub.consumer", False, "app.old"),
        ("old", 1, None, False, None),
        ("", 1, "consumer", False, None),
    ],
    ids=["absolute", "sibling", "package_itself", "from_init", "parent", "unknown_module", "no_package"],
)
def test_resolve_module(
    relative: str, level: int, module: str | None, is_package: bool, expected: str | None
) -> None:
    assert resolve_module(relative, level, module, is_package) == expected


@pytest.mark.parametrize(
    ("canonical", "level", "module", "expected"),
    [
        ("app.engine", 0, "app.consumer", (0, "app.engine")),
        ("app.engine", 1, "app.consumer", (1, "engine")),
        ("app.core.engine", 1, "app.consumer", (1, "core.engine")),
        ("app", 1, "app.consumer", (1, "")),
        ("core.engine", 1, "app.consumer", (0, "core.engine")),
        ("app.engine", 2, "app.sub.consumer", (2, "engine")),
        ("app.engine", 1, None, (0, "app.engine")),
    ],
    ids=["absolute_stays", "sibling", "nested", "package", "outside_package", "two_dots", "unknown"],
)
def test_relative_form(canonical: str, level: int, module: str | None, expected: tuple[int, str]) -> None:
    assert relative_form(canonical, level, module, False) == expected


@pytest.mark.parametrize(
    ("has_alias", "keep_local_names", "is_public", "expected"),
    [
        (False, False, False, "UserExecutionEngine"),
        (True, False, False, "ExecutionEngine"),
        (False, True, False, "ExecutionEngine"),
        (False, False, True, "ExecutionEngine"),
    ],
    ids=["default_takes_canonical_name", "explicit_alias_kept", "keep_local_names", "public_name_kept"],
)
def test_choose_local_name(has_alias: bool, keep_local_names: bool, is_public: bool, expected: str) -> None:
    chosen = choose_local_name(
        "ExecutionEngine",
        "UserExecutionEngine",
        has_alias=has_alias,
        keep_local_names=keep_local_names,
        is_public=is_public,
    )
    assert chosen == expected


def test_choose_local_name_of_attribute_target_is_its_head() -> None:
    chosen = choose_local_name(
        "create_engine", "Engine.create", has_alias=False, keep_local_names=False, is_public=False
    )
    assert chosen == "Engine"


@pytest.mark.parametrize(
    ("module", "expected"),
    [("app.engine", ("app", "engine")), ("a.b.engine", ("a.b", "engine")), ("engine", ("", "engine"))],
    ids=["package_module", "deep_module", "top_level"],
)
def test_module_binding(module: str, expected: tuple[str, str]) -> None:
    assert module_binding(module) == expected


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# noqa: F401", True),
        ("# type: ignore[attr-defined]", True),
        ("#pragma: no cover", True),
        ("# isort: skip", True),
        ("# the engine", False),
    ],
    ids=["noqa", "type_ignore", "pragma", "isort", "prose"],
)
def test_is_directive_comment(comment: str, expected: bool) -> None:
    assert is_directive_comment(comment) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [("a", "a"), ("a.b.c", "a.b.c"), ("a().b", None), ("a[0]", None)],
    ids=["name", "chain", "call_in_chain", "subscript"],
)
def test_dotted_name(source: str, expected: str | None) -> None:
    assert dotted_name(cst.parse_expression(source)) == expected


@pytest.mark.parametrize(
    ("dotted", "expected"),
    [
        ("Engine", "UserEngine"),
        ("Engine.create", "UserEngine.create"),
        ("EngineError", None),
        ("m.Engine", "engine.UserEngine"),
        ("m.Other", None),
    ],
    ids=["whole", "prefix_at_dot", "not_at_dot", "longest_key", "unmapped_attribute"],
)
def test_replace_prefix(dotted: str, expected: str | None) -> None:
    renames = {"Engine": "UserEngine", "m.Engine": "engine.UserEngine"}
    assert replace_prefix(dotted, renames) == expected


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ('"Engine"', '"UserEngine"'),
        ("'Optional[Engine]'", "'Optional[UserEngine]'"),
        ('"Dict[str, Engine]"', '"Dict[str, UserEngine]"'),
        ('"Engine.Config"', '"UserEngine.Config"'),
        ('"other.Engine"', '"other.Engine"'),
        ('r"Engine"', 'r"UserEngine"'),
        ('"""Engine"""', '"""UserEngine"""'),
        ('"Callable[..., Engine]"', '"Callable[..., UserEngine]"'),
    ],
    ids=[
        "plain",
        "nested",
        "generic",
        "attribute_of_it",
        "attribute_named_like_it",
        "raw",
        "triple",
        "ellipsis",
    ],
)
def test_rewrite_annotation(literal: str, expected: str) -> None:
    assert rewrite_annotation(literal, {"Engine": "UserEngine"}) == expected


@pytest.mark.parametrize(
    "literal",
    ['"Engine\\n"', 'b"Engine"', 'f"Engine"', '"Engine["', '""'],
    ids=["escape", "bytes", "fstring", "syntax_error", "empty"],
)
def test_rewrite_annotation_refuses_literals_it_cannot_read(literal: str) -> None:
    assert rewrite_annotation(literal, {"Engine": "UserEngine"}) is None


def test_annotation_chains_lists_chains_not_attributes_or_keywords() -> None:
    assert annotation_chains('"Annotated[m.Engine, Field(kind=x)].y"') == (
        "Annotated",
        "m.Engine",
        "Field",
        "x",
    )


_IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and name not in ("None", "True", "False")
)


@given(names=st.lists(_IDENTIFIERS, min_size=1, max_size=4), quote=st.sampled_from(['"', "'"]))
def test_rewrite_annotation_without_renames_is_identity(names: list[str], quote: str) -> None:
    literal = f"{quote}{'['.join(names)}{']' * (len(names) - 1)}{quote}"
    assert rewrite_annotation(literal, {}) == literal


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"import app.old\n", True),
        (b"from . import old\n", True),
        (b"from .old import Engine\n", True),
        (b"import os\n", False),
    ],
    ids=["absolute", "relative_module", "relative_name", "unrelated"],
)
def test_may_import_legacy(source: bytes, expected: bool) -> None:
    assert may_import_legacy(source, ["app.old"]) is expected
