"""The member walk leaves out module-level statements without a word that leads to a legacy class,
and records exactly what the whole walk records."""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.codemod_cases import cases
from support.generated_modules import SETTINGS

from ssot_refactor.model import FileContext, NameMap
from ssot_refactor.scan.members import Mentions, _MapResolver
from ssot_refactor.scan.uses import Walker

NAMES = NameMap.parse({"app.old:Engine": "app.new:UserEngine", "app.old:make": "app.new:make_engine"})
CTX = FileContext(path="app/user.py", module="app.user", is_package=False, name_map=NAMES)


def walks(source: bytes, ctx: FileContext = CTX) -> tuple[object, object, int]:
    """What the walk records with and without leaving statements out, and how many it left out."""
    tree = ast.parse(source)
    classes = [legacy for legacy, _ in ctx.name_map]
    whole = Walker(ctx.module, ctx.is_package, _MapResolver(ctx.name_map, classes))
    whole.run(tree)
    pruned = Walker(ctx.module, ctx.is_package, _MapResolver(ctx.name_map, classes))
    mentions = Mentions(pruned, tree, source, ctx.name_map)
    visited: list[bool] = []
    pruned.run(tree, lambda statement: visited.append(mentions(statement)) or visited[-1])
    return recorded(whole), recorded(pruned), visited.count(False)


def recorded(walker: Walker) -> tuple[list[str], list[str]]:
    return sorted(map(repr, walker.members)), sorted(map(repr, walker.stored))


IMPORTS = (
    "from app.old import Engine",
    "from app.old import Engine as E",
    "import app.old as m",
    "import app.old",
    "from app import old",
    "from .old import Engine",
)
LOCALS = {
    "from app.old import Engine": "Engine",
    "from app.old import Engine as E": "E",
    "import app.old as m": "m.Engine",
    "import app.old": "app.old.Engine",
    "from app import old": "old.Engine",
    "from .old import Engine": "Engine",
}
BLOCKS = (
    "engine = {cls}()",
    "engine.run()",
    "engine = None",
    "def use():\n    engine = {cls}()\n    return engine.stop",
    "def param(e: {cls}):\n    return e.size",
    "def quoted(e: '{cls}'):\n    return e.size",
    "def escaped(e: '\\x45ngine'):\n    return e.size",
    "def joined(e: 'Eng' 'ine'):\n    return e.size",
    "def checked(x):\n    if isinstance(x, {cls}):\n        return x.flush()",
    "class Holder:\n    def __init__(self):\n        self.engine = {cls}()\n\n    def go(self):\n        return self.engine.run()",
    "class Sub({cls}):\n    def go(self):\n        return self.missing",
    "value = {cls}.DEFAULT",
    "{cls}.extra = 1",
    "def unrelated(a):\n    return a.run()",
    "def local_import():\n    from app.old import Engine as L\n    return L().local",
    "x = 1",
)


@st.composite
def member_modules(draw: st.DrawFn) -> bytes:
    """Modules that import the legacy class one way and use it, its instances and its members."""
    header = draw(st.sampled_from(IMPORTS))
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=6))
    body = [block.format(cls=LOCALS[header]) for block in blocks]
    return ("\n\n".join([header, *body]) + "\n").encode()


@SETTINGS
@given(member_modules())
def test_leaving_statements_out_records_what_the_whole_walk_records(source: bytes) -> None:
    whole, pruned, _ = walks(source)
    assert pruned == whole


@pytest.mark.parametrize(
    "block",
    [
        "def escaped(e: '\\x45ngine'):\n    return e.size",
        "def joined(e: 'Eng' 'ine'):\n    return e.size",
        "def quoted(e: 'Engine'):\n    return e.size",
    ],
)
def test_a_string_annotation_naming_the_class_is_visited_however_it_is_spelled(block: str) -> None:
    source = f"from app.old import Engine\n\n{block}\n".encode()
    whole, pruned, _ = walks(source)
    assert whole[0] and pruned == whole


def test_statements_without_a_word_that_leads_to_the_class_are_left_out() -> None:
    source = textwrap.dedent(
        """\
        from app.old import Engine as E
        import os

        def unrelated(a):
            return a.run()

        def other():
            return os.sep

        engine = E()
        engine.run()
        """
    ).encode()
    whole, pruned, left_out = walks(source)
    assert pruned == whole and left_out == 3  # import os, unrelated and other
    assert [use.split("attr=")[1].split(",")[0] for use in whole[0]] == ["'run'"]


def test_leaving_statements_out_records_the_same_on_every_snapshot_input() -> None:
    left_out = 0
    for source, ctx in cases("pipeline", "rewrite_imports", "rename_references", "rewrite_calls"):
        if not source.isascii():
            continue
        whole, pruned, skipped = walks(source, ctx)
        assert pruned == whole, ctx.path
        left_out += skipped
    assert left_out > 20
