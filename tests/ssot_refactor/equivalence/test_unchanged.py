"""The safety check sets aside the definitions a rewrite left as they were, and its verdicts stay.

Setting a definition aside must never change a verdict: every pair below is checked with and
without it, and the cases where a definition that reads the same can still mean something else
(a name bound differently at module level, spelled in a string, or bound from inside the
definition) must be caught either way.
"""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import CONTEXTS, CTX, SETTINGS, legacy_modules, unrelated_modules
from support.paths import SNAPSHOTS
from support.snapshots import load_context

from codemods import rewrite_source
from ssot_refactor.equivalence import check_equivalent, decode
from ssot_refactor.equivalence.normal_form import bind
from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.equivalence.unchanged import KINDS, UnchangedDefinition, set_aside
from ssot_refactor.model import Edited, FileContext

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


def both_ways(before: str, after: str, ctx: FileContext = CTX) -> tuple[str, ...]:
    """The check's verdict, which must be the same with the unchanged definitions set aside or not."""
    whole = check_equivalent(before, after, ctx, set_aside_unchanged=False)
    assert check_equivalent(before, after, ctx) == whole
    return whole


def nodes(tree: ast.Module) -> dict[type, list[ast.AST]]:
    found: dict[type, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if type(node) in KINDS:
            found.setdefault(type(node), []).append(node)
    return found


#: module-level bindings a wrong rewrite could change while a definition that reads them stays
#: as it was; each pair must be caught with or without setting definitions aside
CAUGHT = [
    pytest.param(
        """
        import app.old as m

        def build():
            return m.ExecutionEngine()
        """,
        """
        import app.engine as m

        def build():
            return m.ExecutionEngine()
        """,
        id="module_alias_now_names_a_module_without_the_name",
    ),
    pytest.param(
        """
        import app.old as m

        def build() -> "\\x6d.ExecutionEngine":
            return None
        """,
        """
        import app.engine as m

        def build() -> "\\x6d.ExecutionEngine":
            return None
        """,
        id="string_annotation_spells_the_name_with_an_escape",
    ),
    pytest.param(
        """
        import app.old as legacy

        def build() -> "leg" "acy.ExecutionEngine":
            return None
        """,
        """
        import app.engine as legacy

        def build() -> "leg" "acy.ExecutionEngine":
            return None
        """,
        id="string_annotation_spells_the_name_across_two_literals",
    ),
    pytest.param(
        """
        import app.old as m

        def reset():
            global m
            m = None

        def build():
            return m.ExecutionEngine()
        """,
        """
        import app.old as m
        from app import engine as other

        def reset():
            global m
            m = None

        def build():
            return other.UserExecutionEngine()
        """,
        id="an_unchanged_function_rebinds_the_read_module_name_with_global",
    ),
    pytest.param(
        """
        import app.old as m

        @register(m := make())
        def other_():
            return 1

        def build():
            return m.ExecutionEngine()
        """,
        """
        import app.old as m
        from app import engine as other

        @register(m := make())
        def other_():
            return 1

        def build():
            return other.UserExecutionEngine()
        """,
        id="an_unchanged_decorator_rebinds_the_read_module_name_with_walrus",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        from lib import helper

        def build():
            return helper(ExecutionEngine)
        """,
        """
        from app.engine import UserExecutionEngine
        from other import helper

        def build():
            return helper(UserExecutionEngine)
        """,
        id="a_changed_import_of_an_unmapped_name",
    ),
]


@pytest.mark.parametrize(("before", "after"), CAUGHT)
def test_a_definition_that_reads_the_same_but_binds_elsewhere_is_caught(before: str, after: str) -> None:
    assert both_ways(textwrap.dedent(before), textwrap.dedent(after))


def test_definitions_the_same_on_both_sides_are_set_aside_and_the_rest_compared() -> None:
    before = textwrap.dedent(
        """
        from app.old import ExecutionEngine
        import app.old as m

        @cached
        def util(a, b=2):
            return a + b

        class Plain:
            value = [i * 2 for i in range(3)]

        def build():
            return ExecutionEngine(), m.ExecutionEngine()

        def reads_m():
            return m
        """
    )
    after = before.replace(
        "from app.old import ExecutionEngine", "from app.engine import UserExecutionEngine"
    )
    after = after.replace("ExecutionEngine(), m.", "UserExecutionEngine(), m.").replace(
        "import app.old as m", ""
    )
    left, right = ast.parse(before), ast.parse(after)
    aside = set_aside(left, right, before, after, nodes(left))
    assert aside is not None
    assert [type(statement).__name__ for statement in left.body] == [
        "ImportFrom",
        "Import",
        "UnchangedDefinition",
        "UnchangedDefinition",
        "FunctionDef",
        "UnchangedDefinition",
    ]
    renames = Renames.of(CTX)
    scopes = bind(left, renames).scope, bind(right, renames).scope
    assert "util" in scopes[0].others  # the marker binds the name the definition binds
    assert aside.restore_unsafe(*scopes)  # reads_m reads ``m``, which only the input imports
    names = [getattr(s, "name", None) for s in left.body if isinstance(s, UnchangedDefinition)]
    assert names == ["util", "Plain"]
    assert isinstance(left.body[-1], ast.FunctionDef) and isinstance(right.body[-1], ast.FunctionDef)
    assert both_ways(before, after)  # reads_m lost its binding of ``m``


def test_lone_carriage_returns_set_nothing_aside() -> None:
    before = "import os\rdef util():\r    return 1\r"
    left = ast.parse(before)
    assert set_aside(left, ast.parse(before), before, before, nodes(left)) is None
    assert both_ways(before, before) == ()


def test_a_text_that_differs_in_a_comment_is_not_set_aside() -> None:
    before = "def util():\n    return 1  # one\n"
    after = "def util():\n    return 1  # two\n"
    left = ast.parse(before)
    assert set_aside(left, ast.parse(after), before, after, nodes(left)) is None
    assert both_ways(before, after) == ()


#: appended to a rewritten module: each rebinds or changes something a definition may read
TAMPERING = (
    "",
    "ExecutionEngine = None\n",
    "UserExecutionEngine = None\n",
    "old = None\n",
    "import app.other as old\n",
    "from app import other as engine\n",
    "def util(a, b=2):\n    return a - b\n",
    "def reset():\n    global ExecutionEngine\n    ExecutionEngine = None\n",
)


@SETTINGS
@given(legacy_modules(), st.sampled_from(CONTEXTS), st.sampled_from(TAMPERING), st.sampled_from(TAMPERING))
def test_setting_aside_keeps_every_verdict_on_generated_modules(
    source: bytes, ctx: FileContext, before_tail: str, after_tail: str
) -> None:
    rewritten = rewrite_source(source, ctx)
    after = rewritten.after if isinstance(rewritten, Edited) else source
    newline = "\r\n" if b"\r\n" in source else "\n"
    tails = [tail.replace("\n", newline) for tail in (before_tail, after_tail)]
    both_ways(source.decode() + tails[0], after.decode() + tails[1], ctx)


@SETTINGS
@given(legacy_modules(), unrelated_modules(), st.sampled_from(CONTEXTS))
def test_setting_aside_keeps_every_verdict_between_unrelated_modules(
    one: bytes, other: bytes, ctx: FileContext
) -> None:
    both_ways(one.decode(), other.decode(), ctx)
    both_ways(one.decode(), one.decode() + other.decode(), ctx)


def test_setting_aside_keeps_every_verdict_on_every_snapshot_pair() -> None:
    checked = 0
    for expected in sorted(SNAPSHOTS.glob("*/*/expected.py")):
        case = expected.parent
        ctx = load_context(tomllib.loads((case / "spec.toml").read_text(encoding="utf-8")))
        before, after = decode((case / "input.py").read_bytes()), decode(expected.read_bytes())
        both_ways(before, after, ctx)
        both_ways(after, before, ctx)
        checked += 1
    assert checked > 100
