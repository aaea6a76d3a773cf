"""The patch-target rule, proved with real ``unittest.mock`` runs, plus codemods.patch_targets units.

Each mock test writes a tiny migrated package to ``tmp_path`` (canonical module, the legacy
module as a redirect, consumers as the rewrite leaves them), rewrites a test's patch call with
the codemod, and runs both versions in a fresh interpreter: the rewritten target intercepts
the call, the legacy one does not.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods._support import resolve_name as absolute_name
from codemods.patch_targets import run
from codemods.patch_targets.paths import (
    find_legacy_path,
    module_for_names,
    patch_object_edit,
    path_rules,
    rewrite_dotted_path,
)
from ssot_refactor.model import Edited, FileContext, NameMap, Skipped, SkipReason, Unchanged

NAMES = NameMap.parse({"app.old:ExecutionEngine": "app.engine:UserExecutionEngine"})
CONSUMER_RENAME = (("app.consumer.ExecutionEngine", "app.consumer.UserExecutionEngine"),)
RULES = path_rules(NAMES, CONSUMER_RENAME)

PACKAGE = {
    "app/__init__.py": "",
    "app/engine.py": """
        class UserExecutionEngine:
            def run(self):
                return "real"
        """,
    # the legacy module after the migration: a redirect
    "app/old.py": "from app.engine import UserExecutionEngine as ExecutionEngine\n",
    # a consumer that did `from app.old import ExecutionEngine`, as the rewrite leaves it
    "app/consumer.py": """
        from app.engine import UserExecutionEngine


        def build():
            return UserExecutionEngine().run()
        """,
    # a consumer that did `import app.old` and called `app.old.ExecutionEngine()`
    "app/modattr.py": """
        import app.engine


        def build():
            return app.engine.UserExecutionEngine().run()
        """,
}

SCRIPT = """
from unittest import mock

import app.consumer
import app.modattr
from app import old


def outcome():
    try:
        with {patch} as engine:
            engine.return_value.run.return_value = "mocked"
            return app.{consumer}.build()
    except AttributeError:
        return "AttributeError"


print(outcome())
"""


def write_package(root: Path) -> None:
    """The migrated package, importable from ``root``."""
    for relative, text in PACKAGE.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def rewrite(source: str) -> str:
    """The codemod's output for a test file in tests/."""
    ctx = FileContext("tests/test_engine.py", "tests.test_engine", False, NAMES, path_renames=CONSUMER_RENAME)
    result = run(source.encode(), ctx)
    assert isinstance(result, Edited), result
    return result.after.decode()


def outcome(root: Path, source: str) -> str:
    """What the consumer's call returned under the patch, run in a fresh interpreter."""
    script = root / "check_patch.py"
    script.write_text(source, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-E", str(script)], cwd=root, capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


@pytest.mark.parametrize(
    ("patch", "consumer", "rewritten_patch", "legacy_outcome"),
    [
        pytest.param(
            'mock.patch("app.old.ExecutionEngine")',
            "modattr",
            'mock.patch("app.engine.UserExecutionEngine")',
            "real",
            id="legacy_path_becomes_canonical_path",
        ),
        pytest.param(
            'mock.patch("app.consumer.ExecutionEngine")',
            "consumer",
            'mock.patch("app.consumer.UserExecutionEngine")',
            "AttributeError",
            id="consumer_path_follows_the_consumers_new_local_name",
        ),
        pytest.param(
            'mock.patch.object(old, "ExecutionEngine")',
            "modattr",
            'mock.patch("app.engine.UserExecutionEngine")',
            "real",
            id="patch_object_on_legacy_module_becomes_canonical_path",
        ),
    ],
)
def test_rewritten_patch_intercepts_and_legacy_patch_does_not(
    tmp_path: Path, patch: str, consumer: str, rewritten_patch: str, legacy_outcome: str
) -> None:
    write_package(tmp_path)
    before = SCRIPT.format(patch=patch, consumer=consumer)
    after = rewrite(before)
    assert after == SCRIPT.format(patch=rewritten_patch, consumer=consumer)
    assert outcome(tmp_path, after) == "mocked"
    assert outcome(tmp_path, before) == legacy_outcome


def test_attribute_patch_keeps_working_once_the_legacy_module_is_gone(tmp_path: Path) -> None:
    write_package(tmp_path)
    before = SCRIPT.format(patch='mock.patch("app.old.ExecutionEngine.run")', consumer="consumer")
    after = rewrite(before.replace("from app import old\n", ""))
    (tmp_path / "app" / "old.py").unlink()
    assert 'mock.patch("app.engine.UserExecutionEngine.run")' in after
    assert outcome(tmp_path, after.replace("engine.return_value.run", "engine")) == "mocked"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app.old.ExecutionEngine", "app.engine.UserExecutionEngine"),
        ("app.old.ExecutionEngine.run", "app.engine.UserExecutionEngine.run"),
        ("app.consumer.ExecutionEngine", "app.consumer.UserExecutionEngine"),
        ("app.old.ExecutionEngineFactory", None),
        ("xapp.old.ExecutionEngine", None),
        ("app.old", None),
        ("app.old.ExecutionEngine ", None),
        ("app.old.ExecutionEngine..run", None),
    ],
)
def test_rewrite_dotted_path_matches_whole_dotted_paths_only(text: str, expected: str | None) -> None:
    assert rewrite_dotted_path(text, RULES) == expected


def test_path_rules_put_the_longest_legacy_prefix_first() -> None:
    names = NameMap.parse({"a.m:X": "b.m:Y", "a.m:X.run": "b.m:Y.execute"})
    assert path_rules(names) == (("a.m.X.run", "b.m.Y.execute"), ("a.m.X", "b.m.Y"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app.old.ExecutionEngine.", "app.old.ExecutionEngine"),
        ("patch app.old.ExecutionEngine now", "app.old.ExecutionEngine"),
        ("app.old.ExecutionEngineFactory", None),
        ("xapp.old.ExecutionEngine", None),
    ],
)
def test_find_legacy_path_respects_boundaries(text: str, expected: str | None) -> None:
    assert find_legacy_path(text, RULES) == expected


@pytest.mark.parametrize(
    ("name", "module", "is_package", "expected"),
    [
        ("app.old", "tests.test_x", False, "app.old"),
        (".old", "app.test_x", False, "app.old"),
        (".old", "app", True, "app.old"),
        ("..old", "app.sub.test_x", False, "app.old"),
        (".old", None, False, None),
        ("...old", "app.test_x", False, None),
    ],
)
def test_absolute_name_resolves_relative_imports(
    name: str, module: str | None, is_package: bool, expected: str | None
) -> None:
    assert absolute_name(name, module, is_package) == expected


def test_module_for_names_needs_same_names_in_one_canonical_module() -> None:
    names = NameMap.parse(
        {"a.old:f": "a.new:f", "a.old:g": "a.new:g", "a.old:h": "a.other:h", "a.old:E": "a.new:F"}
    )
    assert module_for_names("a.old", frozenset({"f", "g"}), names) == "a.new"
    assert module_for_names("a.old", frozenset({"f", "h"}), names) is None
    assert module_for_names("a.old", frozenset({"E"}), names) is None
    assert module_for_names("a.old", frozenset({"unmapped"}), names) is None


@pytest.mark.parametrize(
    ("owner", "attribute", "expected"),
    [
        ("app.old", "ExecutionEngine", ("target", "app.engine.UserExecutionEngine")),
        ("app.consumer", "ExecutionEngine", ("attribute", "UserExecutionEngine")),
        ("app.old", "helper", None),
        ("app.engine", "UserExecutionEngine", None),
    ],
)
def test_patch_object_edit_follows_the_patch_target_rule(
    owner: str, attribute: str, expected: tuple[str, str] | None
) -> None:
    assert patch_object_edit(owner, attribute, RULES) == expected


def test_syntax_error_is_skipped_with_its_line() -> None:
    ctx = FileContext("pkg/mod.py", "pkg.mod", False, NAMES)
    result = run(b'x = "app.old.ExecutionEngine"\ndef (:\n', ctx)
    assert isinstance(result, Skipped)
    assert (result.reason, result.line) == (SkipReason.SYNTAX_ERROR, 2)


def test_unchanged_file_is_reported_unchanged() -> None:
    ctx = FileContext("pkg/mod.py", "pkg.mod", False, NAMES)
    assert run(b'x = "app.engine.UserExecutionEngine"\r\n', ctx) == Unchanged("pkg/mod.py")


def test_runs_standalone_under_libcst_tool(tmp_path: Path) -> None:
    target = tmp_path / "test_x.py"
    target.write_text(
        'from unittest import mock\nT = mock.patch("app.old.ExecutionEngine")\n', encoding="utf-8"
    )
    command = [
        sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format", "codemods.patch_targets.PatchTargetsCommand",
        "--map", "app.old:ExecutionEngine=app.engine:UserExecutionEngine", str(target),
    ]  # fmt: skip
    completed = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert target.read_text(encoding="utf-8").endswith('mock.patch("app.engine.UserExecutionEngine")\n')
