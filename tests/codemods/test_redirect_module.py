"""The redirect codemod: its pure decisions, its results as data, lint-clean output, the CLI."""

from __future__ import annotations

import ast
import io
import keyword
import shutil
import subprocess
import sys
from pathlib import Path

import pyflakes.api
import pyflakes.reporter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import paths

from codemods.redirect_module import parse_export, run
from codemods.redirect_module.body import import_block, module_aliases, redirect_body
from codemods.redirect_module.command import docstring_literal
from codemods.redirect_module.docstring import deprecation_note, with_note
from ssot_refactor.model import (
    Edited,
    FileContext,
    NameMap,
    Skipped,
    SkipReason,
    Target,
    TargetSyntaxError,
    Unchanged,
)

SNAPSHOTS = paths.SNAPSHOTS / "redirect_module"
ENGINE = ("ExecutionEngine", Target("app.engine", "UserExecutionEngine"))
ERROR = ("EngineError", Target("app.errors", "EngineError"))
LEGACY_SOURCE = b'"""The original engine."""\nimport logging\n\n\nclass ExecutionEngine:\n    pass\n'


def context(*exports: tuple[str, Target], warn: bool = False) -> FileContext:
    return FileContext(
        path="app/old.py", module="app.old", is_package=False, name_map=NameMap(), exports=exports, warn=warn
    )


def redirected(source: bytes, ctx: FileContext) -> bytes:
    result = run(source, ctx)
    assert isinstance(result, Edited), result
    return result.after


# --------------------------------------------------------------------------- decisions


def test_parse_export() -> None:
    assert parse_export("ExecutionEngine=app.engine:UserExecutionEngine") == ENGINE
    assert parse_export(" make = app.engine:Engine.create ") == (
        "make",
        Target("app.engine", "Engine.create"),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ExecutionEngine", '"ExecutionEngine" lacks "=" (write LegacyName=canonical.module:Name)'),
        ("not-a-name=app.engine:X", '"not-a-name=app.engine:X": "not-a-name" is not a Python name'),
        ("X=app.engine", '"app.engine" lacks ":Name" (write module:Name)'),
    ],
    ids=["no_equals", "bad_name", "bad_target"],
)
def test_parse_export_errors_say_how_to_write_it(text: str, message: str) -> None:
    with pytest.raises(TargetSyntaxError) as error:
        parse_export(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("modules", "note"),
    [
        (["app.engine"], "Deprecated: this module only redirects to app.engine; import from there instead."),
        (["a", "b"], "Deprecated: this module only redirects to a and b; import from there instead."),
        (["a", "b", "c"], "Deprecated: this module only redirects to a, b and c; import from there instead."),
        ([], "Deprecated: this module only redirects to nothing any more; do not import it."),
    ],
    ids=["one", "two", "three", "none"],
)
def test_deprecation_note_names_the_canonical_modules(modules: list[str], note: str) -> None:
    assert deprecation_note(modules) == note


def test_module_aliases_are_private_and_never_clash() -> None:
    assert module_aliases(["app.engine", "lib.engine", "app.errors"]) == {
        "app.engine": "_engine",
        "lib.engine": "_lib_engine",
        "app.errors": "_errors",
    }
    assert module_aliases(["engine", "x.engine"], taken=["_engine"]) == {
        "engine": "_engine_2",
        "x.engine": "_x_engine",
    }


def test_import_block_sorts_like_isort() -> None:
    block = import_block(
        [("warnings", None), ("app.zeta", "_zeta"), ("collections", "_collections")],
        [
            ("typing", ("TYPE_CHECKING", None)),
            ("app.engine", ("create", None)),
            ("app.engine", ("UserExecutionEngine", "ExecutionEngine")),
            ("app.engine", ("DEFAULT", None)),
            ("app.alpha", ("thing", None)),
        ],
    )
    assert block == (
        "import collections as _collections\n"
        "import warnings\n"
        "from typing import TYPE_CHECKING\n"
        "\n"
        "import app.zeta as _zeta\n"
        "from app.alpha import thing\n"
        "from app.engine import DEFAULT, create\n"
        "from app.engine import UserExecutionEngine as ExecutionEngine\n"
    )


def test_long_from_import_is_parenthesized() -> None:
    block = import_block(
        (),
        [
            (
                "app.agents.supervisor.user_execution_engine",
                ("UserExecutionEngine", "ConsolidatedExecutionEngine"),
            )
        ],
    )
    assert block == (
        "from app.agents.supervisor.user_execution_engine import (\n"
        "    UserExecutionEngine as ConsolidatedExecutionEngine,\n"
        ")\n"
    )


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("Summary.", "Summary.\n\nNOTE\n"),
        ("Summary.\n\nMore text.\n", "Summary.\n\nMore text.\n\nNOTE\n"),
        (
            "Summary.\n\nDeprecated: this module only redirects to app.v1; import from there instead.\n",
            "Summary.\n\nNOTE\n",
        ),
        ("", "NOTE"),
    ],
    ids=["one_line", "multi_line", "stale_note_replaced", "empty"],
)
def test_with_note_appends_one_paragraph(inner: str, expected: str) -> None:
    assert with_note(inner, "NOTE", "\n") == expected


def test_docstring_rebuilt_from_its_value_keeps_backslashes_and_quotes() -> None:
    import libcst as cst

    node = cst.parse_expression('\'a \\\\ b """ c\'')
    literal = docstring_literal(node, "NOTE", "\n")
    assert literal == '"""a \\\\ b \\"\\"\\" c\n\nNOTE\n"""'
    assert ast.literal_eval(literal) == 'a \\ b """ c\n\nNOTE\n'


# --------------------------------------------------------------------------- results


def test_syntax_error_is_skipped_with_its_line() -> None:
    result = run(b'"""Doc."""\nclass Broken(:\n    pass\n', context(ENGINE))
    assert isinstance(result, Skipped)
    assert (result.reason, result.line) == (SkipReason.SYNTAX_ERROR, 2)


def test_a_redirect_already_in_place_is_unchanged() -> None:
    for warn in (False, True):
        ctx = context(ENGINE, ERROR, warn=warn)
        after = redirected(LEGACY_SOURCE, ctx)
        assert run(after, ctx) == Unchanged("app/old.py")


def test_changing_the_exports_rewrites_the_redirect_and_its_note() -> None:
    first = redirected(LEGACY_SOURCE, context(ENGINE))
    second = redirected(first, context(ERROR))
    assert b"app.engine" not in second
    assert second.count(b"Deprecated:") == 1


def test_plain_redirect_binds_every_name_at_module_level() -> None:
    tree = ast.parse(redirected(LEGACY_SOURCE, context(ENGINE, ERROR)))
    bound = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert bound == {"ExecutionEngine", "EngineError"}


def test_warning_redirect_binds_no_legacy_name_at_run_time() -> None:
    tree = ast.parse(redirected(LEGACY_SOURCE, context(ENGINE, ERROR, warn=True)))
    runtime = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            runtime |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Assign):
            runtime |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.FunctionDef):
            runtime.add(node.name)
    assert runtime == {
        "warnings",
        "TYPE_CHECKING",
        "_engine",
        "_errors",
        "__all__",
        "_CANONICAL",
        "__getattr__",
        "__dir__",
    }


# --------------------------------------------------------------------------- lint-clean output


def pyflakes_messages(source: bytes, filename: str = "app/old.py") -> str:
    out, err = io.StringIO(), io.StringIO()
    pyflakes.api.check(source.decode("utf-8-sig"), filename, pyflakes.reporter.Reporter(out, err))
    return out.getvalue() + err.getvalue()


def ruff() -> str | None:
    return shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))


OUTPUTS = {
    "plain": context(ENGINE, ERROR),
    "warn": context(ENGINE, ERROR, warn=True),
    "plain_attribute_target": context(ENGINE, ("make", Target("app.factory", "Factory.build"))),
    "warn_attribute_target": context(ENGINE, ("make", Target("app.factory", "Factory.build")), warn=True),
    "warn_stdlib_origin": context(ENGINE, ("Path", Target("pathlib", "Path")), warn=True),
    "warn_nothing_to_export": context(warn=True),
}


@pytest.mark.parametrize("ctx", list(OUTPUTS.values()), ids=list(OUTPUTS))
def test_output_passes_pyflakes_and_ruff(ctx: FileContext, tmp_path: Path) -> None:
    after = redirected(LEGACY_SOURCE, ctx)
    assert pyflakes_messages(after) == ""
    executable = ruff()
    if executable is None:
        pytest.skip("ruff is not installed")
    target = tmp_path / "old.py"
    target.write_bytes(after)
    done = subprocess.run(
        [executable, "check", "--isolated", "--no-cache", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_every_snapshot_passes_pyflakes() -> None:
    cases = sorted(SNAPSHOTS.glob("*/expected.py"))
    assert len(cases) >= 10
    for expected in cases:
        data = expected.read_bytes()
        if b"coding: latin-1" in data:
            continue
        assert pyflakes_messages(data) == "", expected.parent.name


identifiers = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: name.isidentifier() and not keyword.iskeyword(name)  # "in" is no module or name
)
modules = st.lists(identifiers, min_size=1, max_size=3).map(".".join)


@settings(max_examples=40, deadline=None)
@given(
    exports=st.dictionaries(identifiers, st.tuples(modules, identifiers), min_size=1, max_size=5),
    warn=st.booleans(),
)
def test_any_exports_give_a_parsable_idempotent_redirect(
    exports: dict[str, tuple[str, str]], warn: bool
) -> None:
    pairs = tuple((name, Target(module, target)) for name, (module, target) in exports.items())
    ctx = context(*pairs, warn=warn)
    after = redirected(LEGACY_SOURCE, ctx)
    tree = ast.parse(after)
    assert ast.literal_eval(
        next(
            n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__all__"
        )
    ) == sorted(exports, key=_all_key)
    assert run(after, ctx) == Unchanged("app/old.py")
    assert pyflakes_messages(after) == ""


def _all_key(name: str) -> tuple[int, str]:
    return (0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2), name


def test_redirect_body_has_no_trailing_blank_lines() -> None:
    for warn in (False, True):
        assert not redirect_body([ENGINE], warn).endswith("\n\n")


# --------------------------------------------------------------------------- standalone


def test_standalone_libcst_codemod_run(tmp_path: Path) -> None:
    legacy = tmp_path / "app" / "old.py"
    legacy.parent.mkdir()
    legacy.write_bytes(LEGACY_SOURCE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "-x",
            "--no-format",
            "codemods.redirect_module.RedirectModuleCommand",
            "--export",
            "ExecutionEngine=app.engine:UserExecutionEngine",
            "--export",
            "EngineError=app.errors:EngineError",
            "--warn",
            str(legacy),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert legacy.read_bytes() == redirected(LEGACY_SOURCE, context(ENGINE, ERROR, warn=True))
