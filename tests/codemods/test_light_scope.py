"""``rewrite_imports`` writes the same with ``light_scope``'s answers as with LibCST's scope analysis.

``RewriteImportsCommand.LIGHT_SCOPES`` off makes every scope question go to LibCST's
ScopeProvider; on, ``light_scope`` answers the questions within its reach and the command
plans the file again with LibCST's analysis when one is not. Both must give the same bytes
and findings on every snapshot input, on generated modules and on the shapes at the edge
of the light answers' reach; the counting tests show the light answers are really used.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import libcst as cst
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.codemod_cases import MANY_CONTEXTS, cases, crossed, import_lines, move_inputs, output
from support.generated_modules import CONTEXTS, FEWER, SETTINGS, legacy_modules

from codemods._support import run_commands
from codemods.rewrite_imports import RewriteImportsCommand
from codemods.rewrite_imports.light_scope import LightScopes, Unsure, dotted_names
from ssot_refactor.model import FileContext, NameMap


@contextmanager
def scope_analysis_counted() -> Iterator[list[int]]:
    """Counts the commands that asked LibCST's scope analysis (each entry: one command)."""
    asked: list[int] = []
    original = RewriteImportsCommand._together

    def counted(self: RewriteImportsCommand, provider: object) -> object:
        if not asked or asked[-1] != id(self):
            asked.append(id(self))
        return original(self, provider)  # type: ignore[arg-type]

    RewriteImportsCommand._together = counted  # type: ignore[method-assign,assignment]
    try:
        yield asked
    finally:
        RewriteImportsCommand._together = original  # type: ignore[method-assign]


def move(source: bytes, ctx: FileContext, *, light: bool) -> tuple[bytes, tuple[str, ...]]:
    factory = lambda context, c: RewriteImportsCommand(context, file_context=c)
    RewriteImportsCommand.LIGHT_SCOPES = light
    try:
        return output(run_commands([factory], source, ctx), source)
    finally:
        RewriteImportsCommand.LIGHT_SCOPES = True


def scope_questions(source: bytes, ctx: FileContext) -> tuple[bool, bool]:
    """Whether planning ``source`` asks scope questions at all, and whether the light answers
    took them all (asserting the command writes the same either way)."""
    with scope_analysis_counted() as asked_light:
        light = move(source, ctx, light=True)
    with scope_analysis_counted() as asked:
        full = move(source, ctx, light=False)
    assert light == full
    return bool(asked), not asked_light


def answered_light(source: bytes, ctx: FileContext) -> bool:
    asks, light = scope_questions(source, ctx)
    return asks and light


def test_the_light_answers_are_used_on_the_snapshot_inputs() -> None:
    pairs = [
        (moved, ctx)
        for source, ctx in cases("pipeline", "rewrite_imports", "rename_references")
        for moved in move_inputs(source, ctx)
    ]
    asked = [scope_questions(*pair) for pair in pairs]
    questions = sum(asks for asks, _ in asked)
    light = sum(asks and answered for asks, answered in asked)
    assert questions > 30 and light > questions // 2


@pytest.mark.parametrize(("source", "contexts"), crossed("pipeline", "rewrite_imports", "rename_references"))
def test_light_answers_write_what_the_scope_analysis_writes_on_snapshot_inputs(
    source: bytes, contexts: list[FileContext]
) -> None:
    for ctx in contexts:
        for moved in move_inputs(source, ctx):
            assert move(moved, ctx, light=True) == move(moved, ctx, light=False), ctx.path


@FEWER
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_light_answers_write_what_the_scope_analysis_writes_on_generated_modules(
    source: bytes, ctx: FileContext
) -> None:
    for moved in move_inputs(source, ctx):
        assert move(moved, ctx, light=True) == move(moved, ctx, light=False)


@SETTINGS
@given(import_lines(), st.sampled_from(MANY_CONTEXTS))
def test_light_answers_write_what_the_scope_analysis_writes_on_import_lines(
    source: bytes, ctx: FileContext
) -> None:
    for moved in move_inputs(source, ctx):
        assert move(moved, ctx, light=True) == move(moved, ctx, light=False)


TWO = FileContext(
    path="app/consumer.py",
    module="app.consumer",
    is_package=False,
    name_map=NameMap.parse(
        {
            "app.old:ExecutionEngine": "app.engine:UserExecutionEngine",
            "app.old:create_engine": "app.factory:create_request_scoped_engine",
        }
    ),
)
CONTEXT_OF_TWO = (TWO, dataclasses.replace(TWO, reexported=frozenset({"legacy", "app"})))

#: module bindings the light answers cover
ANSWERED = [
    b"from app import old\n\nx = old.ExecutionEngine()\n",
    b"import app.old as legacy\n\n\ndef build():\n    return legacy.create_engine(legacy.ExecutionEngine)\n",
    b"import app.old\nimport app.other\n\nx = app.old.ExecutionEngine(app.other.thing)\n",
    b"import app.old as legacy\n\n\nclass Holder:\n    engine = legacy.ExecutionEngine\n",
    b"import app.old as legacy\n\n\n@legacy.create_engine\ndef build(e: legacy.ExecutionEngine = legacy.ExecutionEngine):\n    return e\n",
    b"try:\n    from app import old\nexcept ImportError:\n    from app import old\n\nx = old.ExecutionEngine\n",
    b"from app import old\n\nx = [old.ExecutionEngine() for _ in range(3)]\ny = lambda: old.create_engine\n",
    b'from app import old\n\nx = f"{old.ExecutionEngine}"\n',
    b"import app.old as legacy\n\nmade = legacy.ExecutionEngine\nmaker = legacy.create_engine\nlegacy.ExecutionEngine.extra = 1\n",
]

ANSWERED += [  # reads inside subscripts: LibCST's type hints are the ones of a typing import
    b"import app.old as legacy\n\nx: dict[str, legacy.ExecutionEngine] = {}\n",
    b"from typing import Optional\nimport app.old as legacy\n\nx: Optional[legacy.ExecutionEngine] = None\n",
    b"import typing\nimport app.old as legacy\n\nx = typing.List[legacy.create_engine]\n",
    b"from typing_extensions import Annotated as A\nfrom app import old\n\ny = A[old.ExecutionEngine, 1]\n",
    b"from app import old\n\nengines = {}\nfirst = engines[old.ExecutionEngine]\n",
]

#: shapes out of the light answers' reach: the command asks LibCST's scope analysis
DECLINED = [
    b"import app.old as legacy\n\n\ndef build(legacy):\n    return legacy.ExecutionEngine\n",  # a parameter
    b"x = legacy.ExecutionEngine\nimport app.old as legacy\n",  # read before its import
    b"import app.old as legacy\n\n\ndef f(x: 'legacy.ExecutionEngine'):\n    return x\n",  # string annotation
    b"import app.old as legacy\n\n\ndef f():\n    from typing import List\n\n    return List[legacy.ExecutionEngine]\n",
    b"from typing import cast\nimport app.old as legacy\n\nx = cast(legacy.ExecutionEngine, 1)\n",
    b"import app.old as legacy\n\ndel legacy.create_engine\nx = legacy.ExecutionEngine\n",  # deleted
    b"import app.old as legacy\n\nmatch 1:\n    case _:\n        x = legacy.ExecutionEngine\n",
    b"import app.old as legacy\n\nx = legacy.ExecutionEngine  # \xc3\xa9\n",  # non-ASCII text
    b"def f():\n    import app.old as legacy\n    return legacy.ExecutionEngine\n",  # a function's import
    b"import app.old as legacy\n\n\ndef f():\n    global legacy\n    legacy = None\n",
    b"from app import old\n\n\ndef f(engine):\n    return old.ExecutionEngine, engine\n",  # a clash
    b"import app.old as legacy\n\nlegacy.ExecutionEngine = None\n",  # a mapped attribute assigned
]


@pytest.mark.parametrize("source", ANSWERED)
@pytest.mark.parametrize("ctx", CONTEXT_OF_TWO, ids=("plain", "reexported"))
def test_module_bindings_within_reach_are_answered_light(source: bytes, ctx: FileContext) -> None:
    assert answered_light(source, ctx)


@pytest.mark.parametrize("source", DECLINED)
def test_shapes_out_of_reach_go_to_the_scope_analysis(source: bytes) -> None:
    assert not answered_light(source, TWO)


def test_a_dotted_read_is_the_node_libcst_picks() -> None:
    chain = cst.parse_expression("app.old.ExecutionEngine")
    assert isinstance(chain, cst.Attribute)
    assert [name for name, _ in dotted_names(chain)] == ["app.old.ExecutionEngine", "app.old", "app"]
    called = cst.parse_expression("app.old.build().engine")
    assert isinstance(called, cst.Attribute)
    assert [name for name, _ in dotted_names(called)] == ["app.old.build", "app.old", "app"]


@pytest.mark.parametrize(
    "text",
    ["x = 1  # \u00e9\n", "match x:\n    case _:\n        pass\n"],
    ids=("non-ascii", "match"),
)
def test_a_file_out_of_reach_as_a_whole_is_refused_at_once(text: str) -> None:
    with pytest.raises(Unsure):
        LightScopes(text, ast.parse(text), [], {}, {})


@pytest.mark.parametrize(
    "source",
    [
        b"x = 1\r\ny = 2\n",
        "# caf\u00e9\nx = 1\n".encode(),
        b"\xef\xbb\xbfx = 1\n",
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    ],
    ids=("crlf", "utf-8", "bom", "latin-1"),
)
def test_the_source_text_the_command_reads_is_the_code_libcst_would_generate(source: bytes) -> None:
    from codemods._support import MappingCommand, source_text

    seen: list[tuple[str, str]] = []

    class Probe(MappingCommand):
        def visit_Module(self, node: cst.Module) -> bool:
            seen.append((source_text(node), node.code))
            return False

    run_commands([lambda context, ctx: Probe(context, file_context=ctx)], source, TWO)
    assert len(seen) == 1 and seen[0][0] == seen[0][1]


@pytest.mark.parametrize(
    "source",
    [
        b"from typing import Optional\nfrom app.old import DEFAULT\n\nx = Optional[DEFAULT]\n",
        b"from typing import List as L\nfrom app.old import DEFAULT\n\n\ndef f(a: L[DEFAULT]) -> None:\n    return a\n",
        b"from app.old import DEFAULT\n\nx = {1: 2}[DEFAULT]\ny = [DEFAULT]\n",
    ],
)
def test_a_name_mapped_to_an_attribute_in_a_subscript_is_judged_as_libcst_judges_it(source: bytes) -> None:
    """``Class.attr`` targets read ``is_type_hint``: it must be LibCST's."""
    for ctx in MANY_CONTEXTS:
        assert answered_light(source, ctx)
