"""Redirect planning on real repositories: the export surface, its errors, and redirects that work.

The runtime tests replace the legacy module by its redirect and import things in a fresh
interpreter, the way the repository's own code and tests would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
from conftest import RepoFactory, make_repo

from ssot_refactor.demo import example_source
from ssot_refactor.errors import PlanError
from ssot_refactor.model import Severity, Target
from ssot_refactor.redirects import (
    RedirectPlan,
    export_surface,
    import_validation_test,
    no_home_error,
    plan_redirect,
    redirect_edit,
)
from ssot_refactor.scan import ScanResult, scan
from ssot_refactor.spec import LegacyModule, Spec, load_spec

SPEC = """
[migration]
name = "engine-ssot"

[[legacy]]
module = "app.old"
redirect = true
warn = {warn}
keep = {keep}

[legacy.names]
ExecutionEngine = "app.engine:UserExecutionEngine"
"""

BASE: dict[str, str] = {
    "app/__init__.py": "",
    "app/engine.py": '''
        """The canonical engine."""


        class UserExecutionEngine:
            def run(self):
                return "canonical"

            @classmethod
            def create(cls):
                return cls()
    ''',
    "app/errors.py": """
        class EngineError(Exception):
            pass
    """,
    "app/settings.py": """
        DEFAULT_TIMEOUT = 30


        def get_settings():
            return {"timeout": DEFAULT_TIMEOUT}
    """,
    "app/old.py": '''
        """The legacy engine."""
        import logging

        from app.errors import EngineError
        from app.settings import DEFAULT_TIMEOUT, get_settings

        __all__ = ["ExecutionEngine", "EngineError"]

        logger = logging.getLogger(__name__)


        class ExecutionEngine:
            timeout = DEFAULT_TIMEOUT

            def run(self):
                return "legacy"

            def stats(self):
                return get_settings()
    ''',
    "app/consumer.py": """
        from app.old import ExecutionEngine


        def build():
            return ExecutionEngine()
    """,
    "app/attr_user.py": """
        import app.old as old


        def timeout():
            return old.DEFAULT_TIMEOUT
    """,
    "app/pkg/__init__.py": """
        from app.old import EngineError

        __all__ = ["EngineError"]
    """,
    "app/via_package.py": """
        from app.pkg import EngineError


        def fail():
            raise EngineError("no")
    """,
    "tests/__init__.py": "",
    "tests/test_patching.py": """
        from unittest import mock


        def test_patched():
            with mock.patch("app.old.get_settings") as settings:
                settings.return_value = {}
    """,
}


def repository(
    git_repo: RepoFactory, files: Mapping[str, str] = BASE, *, warn: bool = False, keep: tuple[str, ...] = ()
) -> tuple[Spec, LegacyModule, ScanResult]:
    spec_text = SPEC.format(warn=str(warn).lower(), keep=json.dumps(list(keep)))
    root = git_repo({**files, "ssot.toml": spec_text})
    spec = load_spec(root)
    result = scan(root, spec)
    return spec, spec.legacy[0], result


def surface(spec: Spec, entry: LegacyModule, result: ScanResult) -> list[tuple[str, str]]:
    return [(name, str(target)) for name, target in export_surface(spec, entry, result)]


def replace_by_redirect(spec: Spec, entry: LegacyModule, result: ScanResult) -> RedirectPlan:
    path = result.root / str(result.path_of(entry.module))
    plan = plan_redirect(spec, entry, result, path.read_bytes())
    edit = redirect_edit(plan, path.read_bytes())
    assert edit is not None
    path.write_bytes(edit.after)
    return plan


def python(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with the repository first on ``sys.path``."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"},
    )


# --------------------------------------------------------------------------- the surface


def test_surface_covers_imports_all_keep_attributes_reexports_and_patch_strings(
    git_repo: RepoFactory,
) -> None:
    spec, entry, result = repository(git_repo, keep=("get_settings",))
    assert surface(spec, entry, result) == [
        ("ExecutionEngine", "app.engine:UserExecutionEngine"),  # mapped, and imported by app/consumer.py
        ("DEFAULT_TIMEOUT", "app.settings:DEFAULT_TIMEOUT"),  # only reached as old.DEFAULT_TIMEOUT
        ("EngineError", "app.errors:EngineError"),  # previous __all__, and re-exported by app.pkg
        ("get_settings", "app.settings:get_settings"),  # keep, and a patch string in the tests
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"app/reexport_user.py": "from app.pkg import EngineError\n"},
            ("EngineError", "app.errors:EngineError"),
        ),
        (
            {"app/attr.py": "import app.old\nprint(app.old.get_settings())\n"},
            ("get_settings", "app.settings:get_settings"),
        ),
        (
            {"tests/test_p.py": 'PATH = "app.old.DEFAULT_TIMEOUT.real"\n'},
            ("DEFAULT_TIMEOUT", "app.settings:DEFAULT_TIMEOUT"),
        ),
        (
            {"app/from_package.py": "from app import old\nold.get_settings()\n"},
            ("get_settings", "app.settings:get_settings"),
        ),
    ],
    ids=["reexport", "module_attribute", "patch_string", "module_from_package"],
)
def test_each_kind_of_use_alone_puts_a_name_in_the_surface(
    git_repo: RepoFactory, extra: dict[str, str], expected: tuple[str, str]
) -> None:
    files = {
        path: text
        for path, text in BASE.items()
        if path
        not in ("app/attr_user.py", "app/pkg/__init__.py", "app/via_package.py", "tests/test_patching.py")
    }
    files["app/old.py"] = BASE["app/old.py"].replace('__all__ = ["ExecutionEngine", "EngineError"]', "")
    if "app.pkg" in str(extra):
        files["app/pkg/__init__.py"] = BASE["app/pkg/__init__.py"]
    spec, entry, result = repository(git_repo, {**files, **extra})
    assert surface(spec, entry, result) == [("ExecutionEngine", "app.engine:UserExecutionEngine"), expected]


def test_origin_is_followed_through_another_legacy_module(git_repo: RepoFactory) -> None:
    files = {
        **{
            path: text
            for path, text in BASE.items()
            if path in ("app/__init__.py", "app/engine.py", "app/settings.py")
        },
        "app/older.py": "from app.settings import get_settings as read_settings\n\nclass Helper:\n    pass\n",
        "app/old.py": "from app.older import Helper, read_settings\n\nclass ExecutionEngine:\n    pass\n",
        "app/user.py": "from app.old import Helper, read_settings\n",
    }
    spec_text = SPEC.format(warn="false", keep="[]") + (
        '\n[[legacy]]\nmodule = "app.older"\n\n[legacy.names]\nHelper = "app.engine:UserExecutionEngine"\n'
    )
    root = git_repo({**files, "ssot.toml": spec_text})
    spec = load_spec(root)
    result = scan(root, spec)
    assert surface(spec, spec.legacy[0], result) == [
        ("ExecutionEngine", "app.engine:UserExecutionEngine"),
        ("Helper", "app.engine:UserExecutionEngine"),  # app.older's mapping, not app.older itself
        ("read_settings", "app.settings:get_settings"),  # app.older's own import
    ]


def test_submodules_of_a_legacy_package_are_left_to_the_import_system(git_repo: RepoFactory) -> None:
    files = {
        **{path: text for path, text in BASE.items() if path in ("app/__init__.py", "app/engine.py")},
        "app/old/__init__.py": "class ExecutionEngine:\n    pass\n",
        "app/old/helpers.py": "VALUE = 1\n",
        "app/consumer.py": "from app.old import ExecutionEngine, helpers\n",
    }
    spec, entry, result = repository(git_repo, files)
    assert surface(spec, entry, result) == [("ExecutionEngine", "app.engine:UserExecutionEngine")]


# --------------------------------------------------------------------------- planning errors


def test_a_needed_name_without_a_home_is_a_plan_error_naming_its_users(git_repo: RepoFactory) -> None:
    files = {
        **BASE,
        "app/old.py": BASE["app/old.py"] + "\n\n        class EngineStats:\n            pass\n",
        "app/x.py": "import os\nfrom app.old import EngineStats\n",
        "tests/t.py": "# line\n" * 8 + "from app.old import EngineStats\n",
    }
    spec, entry, result = repository(git_repo, files)
    with pytest.raises(PlanError) as error:
        export_surface(spec, entry, result)
    assert str(error.value) == (
        "app/old.py: redirect needs EngineStats (used by app/x.py:2, tests/t.py:9) but it is neither mapped "
        "in [legacy.names] nor imported from another module (map it, or set redirect = false)"
    )
    assert error.value.exit_code == 2


def test_several_names_without_a_home_are_listed_together(git_repo: RepoFactory) -> None:
    files = {
        **BASE,
        "app/old.py": BASE["app/old.py"] + "\n\n        def helper():\n            pass\n",
    }
    spec, entry, result = repository(git_repo, files, keep=("logger", "helper"))
    with pytest.raises(PlanError) as error:
        export_surface(spec, entry, result)
    assert str(error.value) == (
        "app/old.py: redirect needs helper (used by keep in ssot.toml), logger (used by keep in ssot.toml) "
        "but they are neither mapped in [legacy.names] nor imported from another module "
        "(map them, or set redirect = false)"
    )


def test_a_long_list_of_users_is_cut_short() -> None:
    error = no_home_error(
        "app/old.py", ["EngineStats"], {"EngineStats": [f"app/m{i}.py:1" for i in range(8)]}
    )
    assert str(error) == (
        "app/old.py: redirect needs EngineStats (used by app/m0.py:1, app/m1.py:1, app/m2.py:1, app/m3.py:1, "
        "app/m4.py:1, app/m5.py:1 and 2 more) but it is neither mapped in [legacy.names] nor imported from "
        "another module (map it, or set redirect = false)"
    )


def test_a_legacy_module_outside_the_repository_cannot_become_a_redirect(git_repo: RepoFactory) -> None:
    files = {path: text for path, text in BASE.items() if path != "app/old.py"}
    spec, entry, result = repository(git_repo, files)
    with pytest.raises(PlanError) as error:
        export_surface(spec, entry, result)
    assert (
        str(error.value)
        == "app.old: redirect = true, but the module is not in the repository (set redirect = false)"
    )


def test_a_legacy_module_the_scan_could_not_parse_cannot_become_a_redirect(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo, {**BASE, "app/old.py": "class Broken(:\n    pass\n"})
    with pytest.raises(PlanError) as error:
        export_surface(spec, entry, result)
    assert str(error.value) == (
        "app/old.py: cannot plan the redirect: the legacy module could not be read or parsed "
        "(fix the file, or set redirect = false)"
    )


def test_a_canonical_module_importing_the_legacy_module_is_a_cycle(git_repo: RepoFactory) -> None:
    files = {**BASE, "app/engine.py": "import app.old\n\n\nclass UserExecutionEngine:\n    pass\n"}
    spec, entry, result = repository(git_repo, files)
    source = (result.root / "app/old.py").read_bytes()
    with pytest.raises(PlanError) as error:
        plan_redirect(spec, entry, result, source)
    assert str(error.value) == (
        "app/old.py: redirect would create an import cycle: app.engine -> app.old -> app.engine "
        "(make app.engine stop importing app.old at module level, or set redirect = false)"
    )


def test_an_indirect_cycle_through_an_origin_is_named_in_full(git_repo: RepoFactory) -> None:
    files = {
        **BASE,
        "app/settings.py": "from app.monitor import watch\n\nDEFAULT_TIMEOUT = 30\n\ndef get_settings():\n    pass\n",
        "app/monitor.py": "from app.old import ExecutionEngine\n\ndef watch():\n    pass\n",
    }
    spec, entry, result = repository(git_repo, files)
    with pytest.raises(PlanError, match=re.escape("app.settings -> app.monitor -> app.old -> app.settings")):
        plan_redirect(spec, entry, result, (result.root / "app/old.py").read_bytes())


def test_imports_in_functions_or_for_type_checking_are_no_cycle(git_repo: RepoFactory) -> None:
    engine = """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.old import ExecutionEngine


        class UserExecutionEngine:
            def legacy(self) -> "ExecutionEngine":
                from app.old import ExecutionEngine
                return ExecutionEngine()
    """
    spec, entry, result = repository(git_repo, {**BASE, "app/engine.py": engine})
    plan = plan_redirect(spec, entry, result, (result.root / "app/old.py").read_bytes())
    assert plan.context.exports[0] == ("ExecutionEngine", Target("app.engine", "UserExecutionEngine"))


def test_the_cycle_check_reads_the_tree_the_earlier_commits_leave(git_repo: RepoFactory) -> None:
    files = {**BASE, "app/engine.py": "import app.old\n\n\nclass UserExecutionEngine:\n    pass\n"}
    spec, entry, result = repository(git_repo, files)
    rewritten = {"app/engine.py": b"class UserExecutionEngine:\n    pass\n"}

    def read(path: str) -> bytes:
        return rewritten.get(path) or (result.root / path).read_bytes()

    plan = plan_redirect(spec, entry, result, (result.root / "app/old.py").read_bytes(), read=read)
    assert plan.path == "app/old.py"


# --------------------------------------------------------------------------- the plan


def test_plan_redirect_gives_the_codemod_context_and_reviewer_notes(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo, warn=True)
    plan = plan_redirect(spec, entry, result, (result.root / "app/old.py").read_bytes())
    ctx = plan.context
    assert (ctx.path, ctx.module, ctx.is_package, ctx.warn) == ("app/old.py", "app.old", False, True)
    assert [name for name, _ in ctx.exports] == [
        "ExecutionEngine",
        "DEFAULT_TIMEOUT",
        "EngineError",
        "get_settings",
    ]
    missing = (
        "app/old.py:12: ExecutionEngine defines stats, timeout, which app.engine:UserExecutionEngine lacks; "
        "behaviour may change for code that still reaches the legacy name"
    )
    dropped = (
        "app/old.py: the redirect drops logger (used nowhere in the repository; list a name in keep "
        "to make it a planning error instead)"
    )
    assert [str(note) for note in plan.notes] == [missing, dropped]
    assert [(note.severity, note.code) for note in plan.notes] == [
        (Severity.WARNING, "redirect-missing-methods"),
        (Severity.INFO, "redirect-dropped"),
    ]


def test_star_importers_get_what_has_a_home_and_a_note_for_the_rest(git_repo: RepoFactory) -> None:
    files = {
        **BASE,
        "app/old.py": BASE["app/old.py"].replace('__all__ = ["ExecutionEngine", "EngineError"]', ""),
        "app/star.py": "from app.old import *\n",
    }
    spec, entry, result = repository(git_repo, files)
    plan = plan_redirect(spec, entry, result, (result.root / "app/old.py").read_bytes())
    assert [name for name, _ in plan.context.exports] == [
        "ExecutionEngine",
        "DEFAULT_TIMEOUT",
        "EngineError",
        "get_settings",
    ]
    assert [str(note) for note in plan.notes if note.code != "redirect-missing-methods"] == [
        (
            "app/old.py: the redirect no longer provides logger, which the star import in app/star.py:1 may use "
            "(map it or add it to __all__ to keep it)"
        )
    ]


def test_redirect_edit_is_none_once_the_module_is_a_redirect(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo)
    before = (result.root / "app/old.py").read_bytes()
    plan = plan_redirect(spec, entry, result, before)
    edit = redirect_edit(plan, before)
    assert edit is not None
    assert (str(edit.path), edit.before, edit.notes) == ("app/old.py", before, plan.notes)
    assert redirect_edit(plan_redirect(spec, entry, result, edit.after), edit.after) is None


@pytest.mark.parametrize("warn", [False, True], ids=["plain", "warn"])
def test_planning_again_on_a_fresh_scan_of_the_redirect_changes_nothing(
    git_repo: RepoFactory, warn: bool
) -> None:
    spec, entry, result = repository(git_repo, warn=warn)
    first = replace_by_redirect(spec, entry, result)
    rescanned = scan(result.root, spec)
    source = (result.root / "app/old.py").read_bytes()
    again = plan_redirect(spec, entry, rescanned, source)
    assert again.context.exports == first.context.exports
    assert again.notes == ()
    assert redirect_edit(again, source) is None


def test_a_legacy_module_that_does_not_parse_is_a_plan_error(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo)
    with pytest.raises(PlanError) as error:
        plan_redirect(spec, entry, result, b"class Broken(:\n    pass\n")
    assert str(error.value).startswith("app/old.py:1: cannot parse (")
    assert str(error.value).endswith("); file left unchanged")


# --------------------------------------------------------------------------- redirects at run time


@pytest.mark.parametrize("warn", [False, True], ids=["plain", "warn"])
def test_every_legacy_name_is_the_canonical_object(git_repo: RepoFactory, warn: bool) -> None:
    spec, entry, result = repository(git_repo, warn=warn)
    plan = replace_by_redirect(spec, entry, result)
    checks = "".join(
        f"assert getattr(app.old, {name!r}) is {target.module}.{target.name}, {name!r}\n"
        for name, target in plan.context.exports
    )
    modules = "".join(f"import {module}\n" for module in {t.module for _, t in plan.context.exports})
    done = python(
        result.root, f"import warnings\nwarnings.simplefilter('ignore')\nimport app.old\n{modules}{checks}"
    )
    assert done.returncode == 0, done.stderr
    assert len(plan.context.exports) == 4


@pytest.mark.parametrize("warn", [False, True], ids=["plain", "warn"])
def test_every_importer_still_imports_after_the_redirect(git_repo: RepoFactory, warn: bool) -> None:
    spec, entry, result = repository(git_repo, warn=warn)
    replace_by_redirect(spec, entry, result)
    importers = sorted({use.path for use in result.uses_of(entry.module)} | {"tests/test_patching.py"})
    modules = [path.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for path in importers]
    assert modules == ["app.attr_user", "app.consumer", "app.pkg", "app.via_package", "tests.test_patching"]
    done = python(
        result.root,
        f"""
        import importlib, warnings
        warnings.simplefilter("ignore")
        for module in {modules!r}:
            importlib.import_module(module)
        import app.attr_user, app.consumer, app.via_package, tests.test_patching
        assert app.consumer.build().run() == "canonical"
        assert app.attr_user.timeout() == 30
        tests.test_patching.test_patched()
    """,
    )
    assert done.returncode == 0, done.stderr


WARNING_PROBE = """
    import json, warnings
    warnings.simplefilter("default")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        import app.caller
        app.caller.twice()
        app.caller.twice()
        app.caller.elsewhere()
    import app.old
    print(json.dumps({
        "warnings": [(w.category.__name__, w.filename, w.lineno, str(w.message)) for w in caught],
        "dir": dir(app.old),
    }))
"""


def test_the_warning_points_at_each_call_site_once_and_names_the_replacement(git_repo: RepoFactory) -> None:
    caller = """
        def twice():
            from app.old import ExecutionEngine
            return ExecutionEngine


        def elsewhere():
            import app.old
            return app.old.EngineError
    """
    spec, entry, result = repository(git_repo, {**BASE, "app/caller.py": caller}, warn=True)
    replace_by_redirect(spec, entry, result)
    done = python(result.root, WARNING_PROBE)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    caller_path = str(result.root / "app" / "caller.py")
    assert report["warnings"] == [
        [
            "DeprecationWarning",
            caller_path,
            2,
            "app.old.ExecutionEngine is deprecated; use app.engine.UserExecutionEngine instead",
        ],
        [
            "DeprecationWarning",
            caller_path,
            8,
            "app.old.EngineError is deprecated; use app.errors.EngineError instead",
        ],
    ]
    assert {"ExecutionEngine", "EngineError", "get_settings", "DEFAULT_TIMEOUT"} <= set(report["dir"])


def test_an_unknown_name_is_still_an_attribute_error(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo, warn=True)
    replace_by_redirect(spec, entry, result)
    done = python(
        result.root,
        """
        import app.old
        try:
            app.old.Missing
        except AttributeError as error:
            print(error)
    """,
    )
    assert done.stdout.strip() == "module 'app.old' has no attribute 'Missing'"


# --------------------------------------------------------------------------- the validation test


def test_generated_validation_test_passes_against_the_redirects(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo, warn=True)
    plan = replace_by_redirect(spec, entry, result)
    text = import_validation_test(spec, {entry.module: plan.context.exports})
    (result.root / "tests" / "test_ssot.py").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_ssot.py"],
        cwd=result.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "3 passed" in done.stdout
    assert "assertWarnsRegex(DeprecationWarning" in text
    plain = subprocess.run(
        [sys.executable, "-m", "unittest", "tests.test_ssot"],
        cwd=result.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 0 and "Ran 3 tests" in plain.stderr, plain.stderr


def test_generated_validation_test_catches_a_module_that_is_no_redirect(git_repo: RepoFactory) -> None:
    spec, entry, result = repository(git_repo)
    exports = export_surface(spec, entry, result)
    (result.root / "tests" / "test_ssot.py").write_text(
        import_validation_test(spec, {entry.module: exports}), encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_ssot.py"],
        cwd=result.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "app.old:9 is more than a redirect" in done.stdout  # logger = ...
    assert "<class 'app.old.ExecutionEngine'> is not <class 'app.engine.UserExecutionEngine'>" in done.stdout
    assert done.returncode == 1


def test_generated_validation_test_passes_ruff(git_repo: RepoFactory, tmp_path: Path) -> None:
    executable = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("ruff is not installed")
    spec, entry, result = repository(git_repo, warn=True)
    exports = (
        *export_surface(spec, entry, result),
        ("make", Target("app.engine", "UserExecutionEngine.create")),
    )
    target = tmp_path / "test_ssot.py"
    target.write_text(import_validation_test(spec, {entry.module: exports}), encoding="utf-8")
    done = subprocess.run(
        [executable, "check", "--isolated", "--no-cache", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


# --------------------------------------------------------------------------- the bundled example


@pytest.fixture(scope="module")
def redirected_example(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Spec, dict[str, RedirectPlan]]:
    """The example with every legacy module replaced by its redirect, importers left as they were."""
    root = tmp_path_factory.mktemp("example") / "repo"
    shutil.copytree(example_source(), root, ignore=shutil.ignore_patterns("__pycache__"))
    make_repo(root, {})
    spec = load_spec(root)
    result = scan(root, spec)
    plans = {entry.module: replace_by_redirect(spec, entry, result) for entry in spec.legacy}
    return root, spec, plans


def test_example_redirects_provide_every_used_name(
    redirected_example: tuple[Path, Spec, dict[str, RedirectPlan]],
) -> None:
    _, _, plans = redirected_example
    assert {module: [name for name, _ in plan.context.exports] for module, plan in plans.items()} == {
        "app.agents.supervisor.execution_engine": [
            "ExecutionEngine",
            "create_request_scoped_engine",
            "EngineError",
            "UserExecutionContext",
        ],
        "app.agents.supervisor.consolidated_execution_engine": ["ConsolidatedExecutionEngine"],
        "app.agents.request_scoped_execution_engine": ["RequestScopedExecutionEngine"],
    }
    bridge = plans["app.agents.supervisor.consolidated_execution_engine"]
    assert [note.code for note in bridge.notes] == ["redirect-missing-methods"]
    assert "get_execution_stats" in bridge.notes[0].message


def test_example_still_imports_and_its_validation_test_passes(
    redirected_example: tuple[Path, Spec, dict[str, RedirectPlan]],
) -> None:
    root, spec, plans = redirected_example
    assert spec.migration.tests is not None
    test_file = root / spec.migration.tests
    test_file.write_text(
        import_validation_test(spec, {module: plan.context.exports for module, plan in plans.items()}),
        encoding="utf-8",
    )
    modules = sorted(
        path.relative_to(root).with_suffix("").as_posix().removesuffix("/__init__").replace("/", ".")
        for path in root.rglob("*.py")
    )
    done = python(
        root,
        f"""
        import importlib, warnings
        warnings.simplefilter("ignore")
        for module in {modules!r}:
            importlib.import_module(module)
    """,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", spec.migration.tests],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_example_suite_fails_only_where_the_canonical_constructor_differs(
    redirected_example: tuple[Path, Spec, dict[str, RedirectPlan]],
) -> None:
    """Importers are not rewritten here: calls with the legacy signature break (the call-site
    rewrite's job), but no test fails on an import or a missing module attribute."""
    root, _, _ = redirected_example
    done = subprocess.run(
        [sys.executable, "-m", "unittest", "discover", "-s", "tests", "-t", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stderr
    # the example's 34 tests, plus the 3 of the generated module once another test has written it
    assert re.search(r"Ran (34|37) tests", output), output
    assert "ImportError" not in output
    assert "ModuleNotFoundError" not in output
    found = re.findall(r"^(\w+Error): (.*)$", output, re.MULTILINE)
    errors = {(kind, re.sub(r"\. Did you mean .*\?$", "", text)) for kind, text in found}  # 3.13 adds hints
    assert errors == {
        ("TypeError", "UserExecutionEngine.__init__() got an unexpected keyword argument 'registry'"),
        ("TypeError", "UserExecutionEngine.__init__() got an unexpected keyword argument 'user_context'"),
        ("TypeError", "UserExecutionEngine.__init__() got an unexpected keyword argument 'websocket_bridge'"),
        (
            "TypeError",
            "UserExecutionEngine.__init__() missing 1 required positional argument: 'websocket_emitter'",
        ),
        ("AttributeError", "'UserExecutionContext' object has no attribute 'context'"),
        ("AttributeError", "type object 'UserExecutionEngine' has no attribute '_init_from_factory'"),
    }
    assert re.search(r"FAILED \(errors=18\)", output)
