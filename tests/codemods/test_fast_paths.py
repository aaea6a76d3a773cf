"""The shortcuts of the per-file pipeline answer exactly what the LibCST commands answer.

Four shortcuts skip LibCST work: the stdlib-``ast`` prefilters that tell a stage it has
nothing to do (the ``prefilter`` modules of ``rewrite_calls`` and ``patch_targets``), the statement pruning of the transforms
(``codemods._support.prune``), the byte-splice rename (``codemods.rename_references.fast_rename``) and the
line-splice import move (``codemods.rewrite_imports.fast_move``). Each is checked
here against the full LibCST command on every snapshot input (with its own context and with the
contexts of the other cases of the same codemod) and on generated modules.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import libcst
import pytest
from hypothesis import given
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, ParentNodeProvider
from support.codemod_cases import (
    MANY,
    MANY_CONTEXTS,
    cases,
    crossed,
    import_lines,
    module_lines,
    move_inputs,
    output,
)
from support.generated_modules import CONTEXTS, FEWER, SETTINGS, legacy_modules, unrelated_modules
from support.paths import SNAPSHOTS

import codemods
from codemods import rename_references, rewrite_imports, rewrite_source
from codemods._support import AncestorPruner, StatementPruner, run_commands
from codemods._support.runner import parent_map
from codemods.patch_targets import PatchTargetsCommand
from codemods.patch_targets.fast import patch_fast
from codemods.patch_targets.prefilter import no_paths_to_touch
from codemods.rename_references.fast_rename import rename_fast
from codemods.rewrite_calls import RewriteCallsCommand
from codemods.rewrite_calls.prefilter import may_rewrite_calls
from codemods.rewrite_imports.fast_move import move_fast
from codemods.rewrite_imports.module_planner import ModulePlanner
from ssot_refactor.model import CallPlan, FileContext, NameMap, Target

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover - exercised on 3.10 only
    pass


def full_rename(source: bytes, ctx: FileContext) -> tuple[bytes, tuple[str, ...]]:
    factory = lambda context, c: rename_references.RenameReferencesCommand(context, file_context=c)
    return output(run_commands([factory], source, ctx), source)


def fast_rename(source: bytes, ctx: FileContext) -> tuple[bytes, tuple[str, ...]] | None:
    """``rename_fast`` in ``full_rename``'s terms: the bytes and the findings as text."""
    answer = rename_fast(source, ctx)
    return None if answer is None else (answer[0], tuple(str(finding) for finding in answer[1]))


# --------------------------------------------------------------------------- the byte-splice rename

RENAME_CASES = crossed("pipeline", "rename_references")


def test_the_fast_rename_answers_often_enough_to_be_tested() -> None:
    pairs = [(source, ctx) for source, _ in cases("pipeline", "rename_references") for ctx in CONTEXTS]
    answered = [(pair, fast) for pair in pairs if (fast := rename_fast(*pair)) is not None]
    assert len(answered) > 20 and sum(fast[0] != pair[0] for pair, fast in answered) > 10


@pytest.mark.parametrize(("source", "contexts"), RENAME_CASES)
def test_fast_rename_equals_the_command_on_snapshot_inputs(
    source: bytes, contexts: list[FileContext]
) -> None:
    for ctx in contexts:
        fast = fast_rename(source, ctx)
        if fast is not None:
            assert full_rename(source, ctx) == fast, ctx.path


@FEWER
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_fast_rename_equals_the_command_on_generated_modules(source: bytes, ctx: FileContext) -> None:
    fast = fast_rename(source, ctx)
    if fast is not None:
        assert full_rename(source, ctx) == fast


def test_fast_rename_declines_what_only_scopes_can_tell() -> None:
    ctx = CONTEXTS[0]
    head = b"from app.old import ExecutionEngine\n"
    declined = [
        b"def f(ExecutionEngine):\n    return ExecutionEngine\n",  # a parameter shadows it
        b"X: 'ExecutionEngine'\n",  # string annotation
        b"UserExecutionEngine = 1\n",  # the canonical name is taken
        b"def f():\n    global ExecutionEngine\n",
        b"print(f'{ExecutionEngine}')\n",
        b"from other import *\n",
        b"X = [ExecutionEngine for ExecutionEngine in ()]\n",
        b"try:\n    pass\nexcept ValueError as ExecutionEngine:\n    pass\n",
        b"class ExecutionEngine:\n    pass\n",
        b"del ExecutionEngine\n",
    ]
    for body in declined:
        assert rename_fast(head + body, ctx) is None, body
    in_class = b"class Holder:\n    from app.old import ExecutionEngine\n    engine = ExecutionEngine\n"
    assert rename_fast(in_class, ctx) is None  # a class scope: only the command's scopes tell
    twice = b"def f():\n    from app.old import ExecutionEngine\n\ndef g():\n    from app.old import ExecutionEngine\n"
    assert rename_fast(twice, ctx) is None  # two bindings of the name
    latin = b"# -*- coding: latin-1 -*-\n" + head + b"X = ExecutionEngine\n"
    assert rename_fast(latin, ctx) is None
    plain = head + b"X = ExecutionEngine()\n"
    expected = b"from app.old import ExecutionEngine as UserExecutionEngine\nX = UserExecutionEngine()\n"
    assert rename_fast(plain, ctx) == (expected, ())


FUNCTION_LOCAL = [
    b"def f():\n    from app.old import ExecutionEngine\n    return ExecutionEngine\n",
    # the names outside the function are free globals: the import does not bind them
    (
        b"X = ExecutionEngine\n\n\ndef f(e=ExecutionEngine):\n    from app.old import ExecutionEngine\n"
        b"    class Inner:\n        kind = ExecutionEngine\n\n        def m(self):\n            return ExecutionEngine\n"
        b"    return [ExecutionEngine for _ in e], lambda: ExecutionEngine\n\n\ndef g():\n    return ExecutionEngine\n"
    ),
    (
        b"class Service:\n    async def run(self):\n        if True:\n            from app.old import ExecutionEngine\n"
        b"        return ExecutionEngine()\n"
    ),
]


@pytest.mark.parametrize("source", FUNCTION_LOCAL)
def test_a_function_local_import_is_renamed_in_its_function_only_as_the_command_does(source: bytes) -> None:
    for ctx in CONTEXTS:
        fast = fast_rename(source, ctx)
        if ctx is CONTEXTS[0]:
            assert fast is not None and fast[0] != source
            assert b"from app.old import ExecutionEngine as UserExecutionEngine" in fast[0]
        if fast is not None:
            assert full_rename(source, ctx) == fast, ctx.path


def test_a_function_local_rename_leaves_the_free_globals_outside_the_function() -> None:
    answer = rename_fast(FUNCTION_LOCAL[1], CONTEXTS[0])
    assert answer is not None
    fast = answer[0]
    assert fast.startswith(b"X = ExecutionEngine\n\n\ndef f(e=ExecutionEngine):\n")
    assert fast.endswith(b"def g():\n    return ExecutionEngine\n")
    assert fast.count(b"UserExecutionEngine") == 5  # the alias, then four references


FALLBACK = b"try:\n    from app.old import ExecutionEngine\nexcept ImportError:  # optional\n    ExecutionEngine = None\n"


@pytest.mark.parametrize(
    "source",
    [
        FALLBACK + b"\n\ndef f():\n    return ExecutionEngine()\n",
        FALLBACK,  # nothing reads it here: other modules may import it from this one
        b"ExecutionEngine = None\n" + FALLBACK + b"ExecutionEngine = ExecutionEngine or 1\n",
        b"from app.old import ExecutionEngine\nExecutionEngine = ExecutionEngine or None\n",
        b"from app.old import helper\n" + FALLBACK + b"X = helper(ExecutionEngine)\n",
    ],
    ids=["read", "unread", "three_bindings", "rebound", "beside_a_rename"],
)
def test_a_fallback_binding_keeps_the_name_with_the_commands_finding(source: bytes) -> None:
    """``except ImportError: Engine = None``: the command keeps the local name and says why."""
    for ctx in CONTEXTS:
        fast = fast_rename(source, ctx)
        if ctx is CONTEXTS[0]:
            assert fast is not None and any("kept local name ExecutionEngine" in f for f in fast[1])
        if fast is not None:
            assert full_rename(source, ctx) == fast, ctx.path


def test_a_fallback_the_command_may_judge_otherwise_is_declined() -> None:
    ctx = CONTEXTS[0]
    import_line = b"from app.old import ExecutionEngine\n"
    for other in (
        b"ExecutionEngine: object = None\n",  # annotated
        b"ExecutionEngine += 1\n",  # augmented
        b"for ExecutionEngine in ():\n    pass\n",
        b"ExecutionEngine, X = None, None\n",  # unpacked
        b"def f():\n    ExecutionEngine = None\n",  # another scope
    ):
        assert rename_fast(import_line + other, ctx) is None, other
    local = b"def f():\n    from app.old import ExecutionEngine\n    ExecutionEngine = None\n"
    assert rename_fast(local, ctx) is None


# --------------------------------------------------------------------------- the line-splice import move


def full_move(source: bytes, ctx: FileContext) -> tuple[bytes, tuple[str, ...]]:
    factory = lambda context, c: rewrite_imports.RewriteImportsCommand(context, file_context=c)
    return output(run_commands([factory], source, ctx), source)


def test_the_fast_move_answers_often_enough_to_be_tested() -> None:
    pairs = [
        (moved, ctx)
        for source, _ in cases("pipeline", "rewrite_imports", "rename_references")
        for ctx in CONTEXTS
        for moved in move_inputs(source, ctx)
    ]
    answered = [(pair, fast) for pair in pairs if (fast := move_fast(*pair)) is not None]
    assert len(answered) > 20 and sum(fast != pair[0] for pair, fast in answered) > 10


@pytest.mark.parametrize(("source", "contexts"), crossed("pipeline", "rewrite_imports", "rename_references"))
def test_fast_move_equals_the_command_on_snapshot_inputs(source: bytes, contexts: list[FileContext]) -> None:
    for ctx in contexts:
        for moved in move_inputs(source, ctx):
            fast = move_fast(moved, ctx)
            if fast is not None:
                assert full_move(moved, ctx) == (fast, ()), ctx.path


@FEWER
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_fast_move_equals_the_command_on_generated_modules(source: bytes, ctx: FileContext) -> None:
    for moved in move_inputs(source, ctx):
        fast = move_fast(moved, ctx)
        if fast is not None:
            assert full_move(moved, ctx) == (fast, ())


@SETTINGS
@given(import_lines(), st.sampled_from(MANY_CONTEXTS))
def test_fast_move_equals_the_command_on_generated_import_lines(source: bytes, ctx: FileContext) -> None:
    for moved in move_inputs(source, ctx):
        fast = move_fast(moved, ctx)
        if fast is not None:
            assert full_move(moved, ctx) == (fast, ())


def test_fast_move_declines_what_needs_the_command() -> None:
    declined = [
        b"from app import pkg\nfrom app.old import create\n",  # a package holding a legacy module
        b"from app.old import *\n",
        b"from app.old import DEFAULT\n",  # mapped to Class.attr
        b"from app.old import create, \\\n    Reg\n",
        b"from app.old import  create, TIMEOUT\n",  # unusual spacing, and two modules
        b"x = 1; from app.old import create, TIMEOUT\n",
        b"from app.old import create, TIMEOUT; x = 1\n",
        b"x = 1; \\\nfrom app.old import create, TIMEOUT\n",  # continues the line above
        b"from app.engine import TIMEOUT\nfrom app.old import TIMEOUT\n",  # a duplicate to drop
    ]
    for source in declined:
        assert move_fast(source, MANY) is None, source
    plain = b"import os\nfrom app.old import helper, create as make_engine  # c\nx = make_engine\n"
    expected = (
        b"import os\nfrom app.old import helper  # c\nfrom app.factory import make_engine\nx = make_engine\n"
    )
    assert move_fast(plain, MANY) == expected
    for laid_out in (  # every name to one module: only the module and the names change
        b"from app.old import (create)\n",
        b"from app.old import (\n    ExecutionEngine,  # the engine\n    TIMEOUT,\n)\n",
        b"x = 1; from app.old import TIMEOUT as T, ExecutionEngine\n",
        b"from app.old import  create\n",
        b"from app.old import create; x = 1\n",
        b"x = 1; \\\nfrom app.old import create\n",
    ):
        assert move_fast(laid_out, MANY) == full_move(laid_out, MANY)[0] != laid_out
    relative = b"from .old import create, TIMEOUT\n"
    assert (
        move_fast(relative, MANY)
        == full_move(relative, MANY)[0]
        == (b"from .factory import make_engine as create\nfrom .engine import TIMEOUT\n")
    )


# --------------------------------------------------------------------------- module bindings in the fast move


@SETTINGS
@given(module_lines(), st.sampled_from(MANY_CONTEXTS))
def test_fast_move_equals_the_command_on_generated_module_bindings(source: bytes, ctx: FileContext) -> None:
    for moved in move_inputs(source, ctx):
        fast = move_fast(moved, ctx)
        if fast is not None:
            assert full_move(moved, ctx) == (fast, ())


def test_the_fast_move_answers_for_module_bindings_often_enough_to_be_tested() -> None:
    inputs = [
        (source, ctx)
        for source, _ in cases("pipeline", "rewrite_imports", "rename_references")
        for ctx in CONTEXTS
        if b"import old" in source or b" as old" in source
    ]
    answered = [fast for source, ctx in inputs if (fast := move_fast(source, ctx)) not in (None, source)]
    assert len(inputs) > 10 and len(answered) >= 5


MODULE_MOVES = [
    pytest.param(
        b"import app.old as m  # keep\nx = m.ExecutionEngine(m.TIMEOUT)\n",
        b"import app.engine as m  # keep\nx = m.UserExecutionEngine(m.TIMEOUT)\n",
        id="one_canonical_module_keeps_the_alias",
    ),
    pytest.param(
        b"import app.old as m\ndef f():\n    return m.create(), m.ExecutionEngine\n",
        b"from app import factory, engine\ndef f():\n    return factory.make_engine(), engine.UserExecutionEngine\n",
        id="two_canonical_modules_in_first_use_order",
    ),
    pytest.param(
        b"from app import old  # old\n# the old engine\nx = old.ExecutionEngine, os.old, helper.old\n",
        b"from app import engine  # old\n# the old engine\nx = engine.UserExecutionEngine, os.old, helper.old\n",
        id="comments_and_attributes_named_like_the_binding_do_not_count",
    ),
    pytest.param(
        b"from app import other, old\nx = old.DEFAULT\n",
        b"from app import other, engine\nx = engine.UserExecutionEngine.DEFAULT\n",
        id="the_canonical_module_joins_the_statement",
    ),
    pytest.param(
        b"import os\nfrom app import old\n\nfrom app.pkg import old2\nx = old.TIMEOUT, old2.Thing\n",
        b"import os\nfrom app import engine\nx = engine.TIMEOUT, engine.Thing\n",
        id="a_binding_made_again_goes_with_its_blank_lines",
    ),
]


@pytest.mark.parametrize(("source", "expected"), MODULE_MOVES)
def test_module_bindings_move_as_the_command_moves_them(source: bytes, expected: bytes) -> None:
    assert move_fast(source, MANY) == full_move(source, MANY)[0] == expected


def test_the_fast_move_declines_module_bindings_the_command_decides_with_scopes() -> None:
    declined = [
        b"import app.old\nx = app.old.ExecutionEngine\n",  # the plain form binds the package
        b"from app import old\nx = old.helper, old.ExecutionEngine\n",  # an unmapped name
        b"from app import old\nx = old, old.ExecutionEngine\n",  # the module object
        b"from app import old\nold.ExecutionEngine = None\n",
        b"x = old.ExecutionEngine\nfrom app import old\n",  # read before the import
        b"from app import old\nx = old . ExecutionEngine\n",
        b"from app import old\nx = f'{old.ExecutionEngine}'\n",
        b"from app import old\nx = old.ExecutionEngine\ny = f(old=1)\n",  # the word as a keyword
        b"from app import old\nx = old.ExecutionEngine\ny = '#'; old = 1\n",  # not a comment
        b'from app import old\nx = old.ExecutionEngine\ny = """a\n# """; import os as old\n',  # nor this
        b"from app import old\nx: 'old.ExecutionEngine'\n",  # a string annotation
        b"from app import old\nengine = old.ExecutionEngine\n",  # the new name is taken
        b"from app import old\nif True:\n    from app.pkg import old2\nx = old.TIMEOUT\n",
        b"from app import old\nfrom os import *\nx = old.TIMEOUT\n",
        b"def f():\n    from app import old\n    return old.TIMEOUT\n",  # not at module level
    ]
    for source in declined:
        assert move_fast(source, MANY) is None, source


# --------------------------------------------------------------------------- patch targets without LibCST


def full_patch(source: bytes, ctx: FileContext) -> tuple[bytes, tuple[str, ...]]:
    return output(run_commands([PatchTargetsCommand.for_file], source, ctx), source)


#: string forms around legacy paths of ``MANY`` (and a consumer path rename)
_STRINGS = (
    '"app.old.ExecutionEngine"',
    "'app.old.ExecutionEngine.run'",
    'r"app.old.create"',
    'u"app.old.TIMEOUT"',
    '"""app.old.Reg"""',
    "'app.old.ExecutionEngineFactory'",
    '"app.old.Execution" "Engine"',
    '"app.old.ExecutionEngine" " and more"',
    '"app\\x2eold.ExecutionEngine"',
    'b"app.old.ExecutionEngine"',
    'f"{x}app.old.ExecutionEngine"',
    "f\"{d['app.old.create']}\"",
    '"app.consumer.ExecutionEngine"',
    '"app.old"',
)
_STRING_USES = (
    "mock.patch({s})",
    "TARGETS = {{'engine': {s}}}",
    "{s}",
    "def f():\n    {s}\n    return 1",
    "def f(x: {s}):\n    return x",
    "mock.patch.object(old, {s})",
    "importlib.import_module({s})",
)


@st.composite
def patch_lines(draw: st.DrawFn) -> bytes:
    """Modules holding legacy dotted paths in strings of many spellings, and sometimes a call the
    command decides about (``patch.object``, ``import_module``)."""
    lines = ["from unittest import mock"]
    for _ in range(draw(st.integers(1, 4))):
        lines.append(draw(st.sampled_from(_STRING_USES)).format(s=draw(st.sampled_from(_STRINGS))))
    text = "\n".join(lines) + "\n"
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n"]))).encode()


PATCH_CONTEXTS = (
    *MANY_CONTEXTS,
    dataclasses.replace(
        MANY, path_renames=(("app.consumer.ExecutionEngine", "app.consumer.UserExecutionEngine"),)
    ),
)


@pytest.mark.parametrize(("source", "contexts"), crossed("patch_targets", "pipeline"))
def test_fast_patch_equals_the_command_on_snapshot_inputs(source: bytes, contexts: list[FileContext]) -> None:
    for ctx in contexts:
        fast = patch_fast(source, ctx)
        if fast is not None:
            assert full_patch(source, ctx) == (fast, ()), ctx.path


@SETTINGS
@given(patch_lines(), st.sampled_from(PATCH_CONTEXTS))
def test_fast_patch_equals_the_command_on_generated_strings(source: bytes, ctx: FileContext) -> None:
    fast = patch_fast(source, ctx)
    if fast is not None:
        assert full_patch(source, ctx) == (fast, ())


@FEWER
@given(legacy_modules(), st.sampled_from(CONTEXTS))
def test_fast_patch_equals_the_command_on_generated_modules(source: bytes, ctx: FileContext) -> None:
    fast = patch_fast(source, ctx)
    if fast is not None:
        assert full_patch(source, ctx) == (fast, ())


def test_the_fast_patch_answers_often_enough_to_be_tested() -> None:
    pairs = [(source, ctx) for source, _ in cases("patch_targets", "pipeline") for ctx in CONTEXTS]
    answered = [(pair, fast) for pair in pairs if (fast := patch_fast(*pair)) is not None]
    assert len(answered) > 20 and sum(fast != pair[0] for pair, fast in answered) > 5


def test_the_fast_patch_declines_what_the_command_reports_or_decides() -> None:
    declined = [
        b'x = "app\\x2eold.ExecutionEngine"\n',  # escapes
        b'x = "app.old.Execution" "Engine"\n',  # concatenated
        b'x = f"{y} app.old.ExecutionEngine"\n',  # an f-string
        b"x = f\"{d['app.old.create']}\"\n",  # a literal inside an f-string
        b'mock.patch.object(old, "ExecutionEngine")\nx = "app.old.create"\n',
        b'importlib.import_module("app.old")\nx = "app.old.create"\n',
    ]
    for source in declined:
        assert patch_fast(source, MANY) is None, source
    plain = b'"""app.old.create is documented here."""\nx = (r"app.old.create", """app.old.Reg""")\n"app.old.Reg"\n'
    expected = b'"""app.old.create is documented here."""\nx = (r"app.factory.make_engine", """app.reg.UserReg""")\n"app.old.Reg"\n'
    assert patch_fast(plain, MANY) == full_patch(plain, MANY)[0] == expected


# --------------------------------------------------------------------------- the stage prefilters


@pytest.mark.parametrize(("source", "contexts"), crossed("patch_targets", "pipeline"))
def test_patch_prefilter_only_skips_files_the_command_leaves_alone(
    source: bytes, contexts: list[FileContext]
) -> None:
    for ctx in contexts:
        if no_paths_to_touch(source, ctx):
            assert output(run_commands([PatchTargetsCommand.for_file], source, ctx), source) == (source, ())


def _calls_command(context: object, ctx: FileContext) -> RewriteCallsCommand:
    return RewriteCallsCommand(context, file_context=ctx)  # type: ignore[arg-type]


@pytest.mark.parametrize(("source", "contexts"), crossed("rewrite_calls"))
def test_calls_prefilter_only_skips_files_the_command_leaves_alone(
    source: bytes, contexts: list[FileContext]
) -> None:
    for ctx in contexts:
        if not may_rewrite_calls(source, ctx):
            assert output(run_commands([_calls_command], source, ctx), source) == (source, ())


def test_the_prefilters_skip_something_in_the_cases() -> None:
    patch = cases("patch_targets", "pipeline")
    assert sum(no_paths_to_touch(source, ctx) for source, _ in patch for _, ctx in patch) > 100
    calls = cases("rewrite_calls")
    assert sum(not may_rewrite_calls(source, ctx) for source, _ in calls for _, ctx in calls) > 50


# --------------------------------------------------------------------------- statement pruning


@pytest.mark.parametrize("pair", cases("pipeline", "rewrite_calls", "rewrite_imports", "rename_references"))
def test_pruned_transforms_write_what_full_transforms_write(
    pair: tuple[bytes, FileContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, ctx = pair
    monkeypatch.setattr(codemods, "move_fast", lambda source, ctx: None)  # the pruners are LibCST's
    pruned = output(rewrite_source(source, ctx), source)
    monkeypatch.setattr(StatementPruner, "skips", lambda self, node: False)
    monkeypatch.setattr(AncestorPruner, "skips", lambda self, node: False)
    assert output(rewrite_source(source, ctx), source) == pruned


@FEWER
@given(st.one_of(legacy_modules(), unrelated_modules()), st.sampled_from(CONTEXTS))
def test_pruning_changes_nothing_on_generated_modules(source: bytes, ctx: FileContext) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codemods, "move_fast", lambda source, ctx: None)
        pruned = output(rewrite_source(source, ctx), source)
        patch.setattr(StatementPruner, "skips", lambda self, node: False)
        patch.setattr(AncestorPruner, "skips", lambda self, node: False)
        assert output(rewrite_source(source, ctx), source) == pruned


@pytest.mark.parametrize(("source", "ctx"), cases("pipeline", "rewrite_imports"))
def test_the_module_use_gate_changes_nothing(
    source: bytes, ctx: FileContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ModulePlanner.may_read_mapped`` (a text test before the scope analysis) only skips no-ops."""
    gated = output(rewrite_source(source, ctx), source)
    monkeypatch.setattr(ModulePlanner, "may_read_mapped", lambda self, local, module: True)
    assert output(rewrite_source(source, ctx), source) == gated


def test_a_call_through_a_module_binding_counts_only_for_a_planned_path() -> None:
    plan = CallPlan(Target.parse("typing:AbstractSet"), Target.parse("collections.abc:Set"), None, None)
    ctx = FileContext(
        "m.py", "m", False, NameMap.parse({"typing:AbstractSet": "collections.abc:Set"}), calls=(plan,)
    )
    assert not may_rewrite_calls(b"import typing\nX = typing.cast(int, 1)\n", ctx)
    assert may_rewrite_calls(b"import typing\nX = typing.AbstractSet()\n", ctx)
    assert may_rewrite_calls(b"import typing as t\nX = t.AbstractSet[int]()\n", ctx)
    assert may_rewrite_calls(b"from typing import AbstractSet as S\nX = partial(S, 1)\n", ctx)


def test_every_case_directory_is_read() -> None:
    assert len(cases("pipeline")) == len(list((Path(SNAPSHOTS) / "pipeline").iterdir()))


# --------------------------------------------------------------------------- the parent map


@pytest.mark.parametrize("pair", cases("pipeline", "rewrite_imports", "patch_targets", "rewrite_calls"))
def test_the_parent_map_is_libcsts_parent_provider(pair: tuple[bytes, FileContext]) -> None:
    """``_support.parent_map`` (what the commands ask for parents) answers as ParentNodeProvider."""
    module = libcst.parse_module(pair[0])
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ParentNodeProvider)
    found = parent_map(module)
    assert found.keys() == expected.keys()
    assert all(found[node] is parent for node, parent in expected.items())


# --------------------------------------------------------------------------- the command base


def test_a_command_with_matcher_decorators_is_refused_when_defined() -> None:
    """``_support.Command`` skips LibCST's per-instance search for matcher decorators, so a command
    that uses one must not derive from it (it would silently never run)."""
    import libcst.matchers as m

    from codemods._support import Command

    with pytest.raises(TypeError, match="matcher decorator"):

        class Decorated(Command):
            @m.visit(m.Name())
            def on_name(self, node: libcst.Name) -> None:
                pass

    class Plain(Command):
        def visit_Name(self, node: libcst.Name) -> None:
            pass

    assert Plain.__mro__[1] is Command
