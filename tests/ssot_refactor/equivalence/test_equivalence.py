"""ssot_refactor.equivalence: declared rewrites pass, undeclared changes are caught."""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from pathlib import Path

import pytest
from support.paths import SNAPSHOTS
from support.snapshots import load_context

from codemods import patch_targets
from ssot_refactor.equivalence import check_equivalent, check_equivalent_bytes
from ssot_refactor.model import Edited, FileContext, NameMap

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

NAMES = {
    "app.old:ExecutionEngine": "app.engine:UserExecutionEngine",
    "app.old:create_engine": "app.engine:UserExecutionEngine.create",
}


def context(**changes: object) -> FileContext:
    """The context of app/consumer.py under the ExecutionEngine mapping, with overrides."""
    fields: dict[str, object] = {
        "path": "app/consumer.py",
        "module": "app.consumer",
        "is_package": False,
        "name_map": NameMap.parse(NAMES),
    }
    fields.update(changes)
    return FileContext(**fields)  # type: ignore[arg-type]


def check(before: str, after: str, ctx: FileContext | None = None) -> tuple[str, ...]:
    """check_equivalent on dedented sources."""
    return check_equivalent(textwrap.dedent(before), textwrap.dedent(after), ctx or context())


EQUIVALENT = [
    pytest.param(
        """
        from app.old import ExecutionEngine
        engine = ExecutionEngine()
        """,
        """
        from app.engine import UserExecutionEngine
        engine = UserExecutionEngine()
        """,
        id="plain_import_and_call",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine as Engine
        engine: Engine = Engine()
        """,
        """
        from app.engine import UserExecutionEngine as Engine
        engine: Engine = Engine()
        """,
        id="alias_kept",
    ),
    pytest.param(
        """
        import os
        from app.old import ExecutionEngine, helper
        class Engine(ExecutionEngine):
            pass
        ok = isinstance(helper(os), ExecutionEngine)
        """,
        """
        import os
        from app.engine import UserExecutionEngine
        from app.old import helper
        class Engine(UserExecutionEngine):
            pass
        ok = isinstance(helper(os), UserExecutionEngine)
        """,
        id="split_multi_name_import_keeps_unmapped_name_on_legacy_module",
    ),
    pytest.param(
        """
        from .old import ExecutionEngine
        engine = ExecutionEngine()
        """,
        """
        from .engine import UserExecutionEngine
        engine = UserExecutionEngine()
        """,
        id="relative_import",
    ),
    pytest.param(
        """
        import app.old as old
        engine = old.ExecutionEngine()
        other = old.helper()
        """,
        """
        import app.engine
        import app.old as old
        engine = app.engine.UserExecutionEngine()
        other = old.helper()
        """,
        id="module_attribute_and_legacy_import_kept_when_still_used",
    ),
    pytest.param(
        """
        def build():
            from app.old import ExecutionEngine
            return ExecutionEngine()
        """,
        """
        def build():
            from app.engine import UserExecutionEngine
            return UserExecutionEngine()
        """,
        id="function_local_import",
    ),
    pytest.param(
        """
        try:
            from app.old import ExecutionEngine
        except ImportError:
            ExecutionEngine = None
        """,
        """
        try:
            from app.engine import UserExecutionEngine
        except ImportError:
            UserExecutionEngine = None
        """,
        id="try_except_import",
    ),
    pytest.param(
        """
        from typing import TYPE_CHECKING, Optional
        if TYPE_CHECKING:
            from app.old import ExecutionEngine
        def run(engine: "ExecutionEngine") -> "Optional[ExecutionEngine]":
            return engine
        """,
        """
        from typing import TYPE_CHECKING, Optional
        if TYPE_CHECKING:
            from app.engine import UserExecutionEngine
        def run(engine: "UserExecutionEngine") -> "Optional[UserExecutionEngine]":
            return engine
        """,
        id="type_checking_and_string_annotations",
    ),
    pytest.param(
        """
        from unittest import mock
        from app import old
        a = mock.patch("app.old.ExecutionEngine")
        b = mock.patch("app.old.ExecutionEngine.run")
        c = mock.patch.object(old, "ExecutionEngine")
        d = mock.patch("app.consumer.ExecutionEngine")
        """,
        """
        from unittest import mock
        from app import old
        a = mock.patch("app.engine.UserExecutionEngine")
        b = mock.patch("app.engine.UserExecutionEngine.run")
        c = mock.patch("app.engine.UserExecutionEngine")
        d = mock.patch("app.consumer.UserExecutionEngine")
        """,
        id="patch_strings_and_patch_object",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        engine = ExecutionEngine()
        """,
        """
        from app.engine import UserExecutionEngine as ExecutionEngine
        engine = ExecutionEngine()
        """,
        id="keep_local_names",
    ),
    pytest.param(
        """
        import importlib
        engines = importlib.import_module("app.old")
        """,
        """
        import importlib
        engines = importlib.import_module("app.engine")
        """,
        id="import_module_string",
    ),
    pytest.param(
        """
        '''Uses app.old.ExecutionEngine.'''
        from app.old import ExecutionEngine
        def f(ExecutionEngine):
            return ExecutionEngine
        class Holder:
            ExecutionEngine = ExecutionEngine
            def get(self):
                return ExecutionEngine
        """,
        """
        '''Uses app.old.ExecutionEngine.'''
        from app.engine import UserExecutionEngine
        def f(ExecutionEngine):
            return ExecutionEngine
        class Holder:
            ExecutionEngine = UserExecutionEngine
            def get(self):
                return UserExecutionEngine
        """,
        id="shadowing_parameter_and_class_attribute_left_alone",
    ),
    pytest.param(
        """
        from app.old import create_engine
        engine = create_engine(debug=True)
        """,
        """
        from app.engine import UserExecutionEngine
        engine = UserExecutionEngine.create(debug=True)
        """,
        id="attribute_canonical_target_imports_its_class",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        def reset():
            global ExecutionEngine
            ExecutionEngine = None
        """,
        """
        from app.engine import UserExecutionEngine
        def reset():
            global UserExecutionEngine
            UserExecutionEngine = None
        """,
        id="global_declaration_renamed_with_its_binding",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        x = 1
        engine = ExecutionEngine()
        """,
        """
        from app.engine import UserExecutionEngine
        x = 1
        engine = UserExecutionEngine()
        """,
        id="import_moved_within_block",
    ),
    pytest.param(
        """
        from app.old import Any, ExecutionEngine, Any
        engine: Any = ExecutionEngine()
        """,
        """
        from app.old import Any, Any
        from app.engine import UserExecutionEngine
        engine: Any = UserExecutionEngine()
        """,
        id="name_imported_twice_in_one_statement_that_is_split",  # mypy's lib-stub/mypy_extensions.pyi
    ),
]


@pytest.mark.parametrize(("before", "after"), EQUIVALENT)
def test_declared_rewrite_is_equivalent(before: str, after: str) -> None:
    ctx = context(path_renames=(("app.consumer.ExecutionEngine", "app.consumer.UserExecutionEngine"),))
    assert check(before, after, ctx) == ()


def test_reexported_name_keeps_public_name() -> None:
    ctx = context(reexported=frozenset({"ExecutionEngine"}))
    before = "from app.old import ExecutionEngine\n"
    assert check(before, "from app.engine import UserExecutionEngine as ExecutionEngine\n", ctx) == ()
    renamed = check(before, "from app.engine import UserExecutionEngine\n", ctx)
    assert renamed and "line 1" in renamed[0]


def test_a_repeated_import_of_a_public_name_may_go() -> None:
    ctx = context(reexported=frozenset({"ExecutionEngine"}))
    before = "from app.old import ExecutionEngine\nif X:\n    pass\nfrom app.old import ExecutionEngine\n"
    after = "from app.engine import UserExecutionEngine as ExecutionEngine\nif X:\n    pass\n"
    assert check(before, after, ctx) == ()


@pytest.mark.parametrize(
    "between",
    [
        pytest.param("Engine = None", id="assignment"),
        pytest.param("del Engine", id="del"),
        pytest.param("from app.compat import *", id="star_import"),
        pytest.param("def reset():\n    global Engine\n    Engine = None", id="global"),
        pytest.param("from app.compat import Engine as Engine", id="other_origin"),
    ],
)
def test_a_repeated_import_is_needed_when_something_else_binds_the_name(between: str) -> None:
    before = (
        f"from app.settings import Engine\n{between}\nFLAG = 1\nfrom app.settings import Engine\nx = Engine\n"
    )
    after = f"from app.settings import Engine\n{between}\nFLAG = 1\nx = Engine\n"
    assert check(before, after)


def test_identical_sources_are_equivalent_without_a_mapping_hit() -> None:
    source = "import os\n\n\ndef f(x):\n    return os.path.join(x, 'a')\n"
    assert check_equivalent(source, source, context()) == ()


CAUGHT = [
    pytest.param(
        """
        from app.old import ExecutionEngine
        LIMIT = 10
        """,
        """
        from app.engine import UserExecutionEngine
        LIMIT = 11
        """,
        "line 3: `LIMIT = 10`",
        id="changed_constant",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        count = 1
        total = count + 1
        """,
        """
        from app.engine import UserExecutionEngine
        number = 1
        total = number + 1
        """,
        "line 3: `count = 1`",
        id="renamed_unrelated_variable",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        setup()
        engine = ExecutionEngine()
        """,
        """
        from app.engine import UserExecutionEngine
        engine = UserExecutionEngine()
        """,
        "line 3: `setup()` is missing from the output",
        id="removed_statement",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        def f():
            ExecutionEngine = make()
            return ExecutionEngine
        """,
        """
        from app.engine import UserExecutionEngine
        def f():
            ExecutionEngine = make()
            return UserExecutionEngine
        """,
        "line 5: `return ExecutionEngine`",
        id="reference_renamed_where_a_shadowing_local_exists",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        engine = ExecutionEngine()
        """,
        """
        from app.engines import UserExecutionEngine
        engine = UserExecutionEngine()
        """,
        "line 2: `from app.old import ExecutionEngine`",
        id="import_pointed_at_wrong_module",
    ),
    pytest.param(
        """
        '''Patch app.old.ExecutionEngine.'''
        """,
        """
        '''Patch app.engine.UserExecutionEngine.'''
        """,
        "line 2",
        id="docstring_rewritten",
    ),
    pytest.param(
        """
        TARGET = "app.old.ExecutionEngineFactory"
        """,
        """
        TARGET = "app.engine.UserExecutionEngineFactory"
        """,
        "line 2",
        id="similar_prefix_string_rewritten",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        def run(engine: "ExecutionEngine") -> None: ...
        """,
        """
        from app.engine import UserExecutionEngine
        def run(engine: "ExecutionEngine") -> None: ...
        """,
        "line 3",
        id="string_annotation_left_dangling",
    ),
    pytest.param(
        """
        from app.old import ExecutionEngine
        UserExecutionEngine = object
        a = UserExecutionEngine
        """,
        """
        from app.engine import UserExecutionEngine
        UserExecutionEngine = object
        a = UserExecutionEngine
        """,
        "line 3",
        id="canonical_name_collides_with_existing_local",
    ),
    pytest.param(
        """
        import app.engine
        from app.old import ExecutionEngine
        value = app.engine.other()
        """,
        """
        from app.engine import UserExecutionEngine
        value = app.engine.other()
        """,
        "line 4: `value = app.engine.other()`",
        id="module_import_still_used_removed",
    ),
    pytest.param(
        """
        import numpy as np
        from app.old import ExecutionEngine
        value = np.zeros(3)
        """,
        """
        import numpy as nump
        from app.engine import UserExecutionEngine
        value = nump.zeros(3)
        """,
        "line 2: `import numpy as np`",
        id="unrelated_import_alias_renamed",
    ),
    pytest.param(
        """
        x = 1
        """,
        """
        x = (
        """,
        "the output does not parse",
        id="output_does_not_parse",
    ),
]


@pytest.mark.parametrize(("before", "after", "message"), CAUGHT)
def test_undeclared_change_is_caught(before: str, after: str, message: str) -> None:
    found = check(before, after)
    assert found, "the change slipped through"
    assert any(message in difference for difference in found), found
    assert all(re.search(r"line \d+", difference) for difference in found)


def test_message_quotes_both_sides() -> None:
    found = check("x = 1\ny = 2\n", "x = 1\ny = 3\n")
    assert found == ("line 2: `y = 2` differs in the output (line 2: `y = 3`)",)


def test_added_statement_names_the_output_line() -> None:
    found = check("x = 1\n", "x = 1\nimport os\n")
    assert found == ("output line 2: `import os` is not in the input",)


def test_bytes_are_decoded_with_each_files_encoding() -> None:
    before = '# -*- coding: latin-1 -*-\r\nLABEL = "\xe9t\xe9"\r\nT = "app.old.ExecutionEngine"\r\n'.encode(
        "latin-1"
    )
    after = '\ufeffLABEL = "\xe9t\xe9"\nT = "app.engine.UserExecutionEngine"\n'.encode()
    assert check_equivalent_bytes(before, after, context()) == ()
    changed = '\ufeffLABEL = "ete"\nT = "app.engine.UserExecutionEngine"\n'.encode()
    assert check_equivalent_bytes(before, changed, context())


def test_undecodable_bytes_are_reported() -> None:
    found = check_equivalent_bytes(b"x = 1\n", b"x = '\xff'\n", context())
    assert found and "output cannot be decoded" in found[0]


def test_patch_targets_output_with_injected_change_is_caught() -> None:
    source = b'from unittest import mock\n\nTIMEOUT = 5\nT = mock.patch("app.old.ExecutionEngine")\n'
    result = patch_targets.run(source, context())
    assert isinstance(result, Edited)
    assert check_equivalent_bytes(source, result.after, context()) == ()
    tampered = result.after.replace(b"TIMEOUT = 5", b"TIMEOUT = 50")
    found = check_equivalent_bytes(source, tampered, context())
    assert found == ("line 3: `TIMEOUT = 5` differs in the output (line 3: `TIMEOUT = 50`)",)
    assert found[0].line == 3  # the line is data, not only text


PIPELINE_INPUT = b"""\
from unittest import mock

from app.old import ExecutionEngine


def build(config):
    limit = 3
    return ExecutionEngine(config, limit=limit)


def test_build():
    with mock.patch("app.old.ExecutionEngine.run"):
        assert isinstance(build({}), ExecutionEngine)
"""


def test_pipeline_output_with_injected_change_is_caught() -> None:
    rewrite_source = getattr(importlib.import_module("codemods"), "rewrite_source", None)
    if rewrite_source is None:
        pytest.skip("codemods.rewrite_source is not available yet")
    result = rewrite_source(PIPELINE_INPUT, context())
    assert isinstance(result, Edited)
    assert b"UserExecutionEngine" in result.after
    assert check_equivalent_bytes(PIPELINE_INPUT, result.after, context()) == ()
    tampered = result.after.replace(b"limit = 3", b"limit = 4")
    found = check_equivalent_bytes(PIPELINE_INPUT, tampered, context())
    assert len(found) == 1 and found[0].startswith("line 7: `limit = 3`")


#: the codemods whose every edit is a declared rename (rewrite_calls and redirect_module are not)
RENAMING_CODEMODS = ("pipeline", "rename_references", "rewrite_imports", "patch_targets")


def renaming_snapshots() -> list[object]:
    """Each snapshot case of a renaming codemod, as a pytest param named ``<codemod>/<case>``."""
    cases = sorted(path.parent for name in RENAMING_CODEMODS for path in SNAPSHOTS.glob(f"{name}/*/input.py"))
    return [pytest.param(case, id=f"{case.parent.name}/{case.name}") for case in cases]


@pytest.mark.parametrize("case", renaming_snapshots())
def test_every_renaming_snapshot_is_equivalent(case: Path) -> None:
    ctx = load_context(tomllib.loads((case / "spec.toml").read_text(encoding="utf-8")))
    before, after = (case / "input.py").read_bytes(), (case / "expected.py").read_bytes()
    assert check_equivalent_bytes(before, after, ctx) == ()
