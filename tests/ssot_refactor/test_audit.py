"""The audit on real repositories: statuses, names, importer counts, related tests, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, git
from support.langchain_repo import LANGCHAIN

from ssot_refactor.audit import is_test_path
from ssot_refactor.cli import main
from ssot_refactor.model import LegacyKind, Target
from ssot_refactor.workflow import audit_repository

SPEC = """\
[migration]
name = "engine-ssot"

[[legacy]]
module = "app.dup"
redirect = true
[legacy.names]
Engine = "app.canonical:UserEngine"

[[legacy]]
module = "app.bridge"
[legacy.names]
BridgeEngine = "app.canonical:UserEngine"

[[legacy]]
module = "app.already"
[legacy.names]
OldEngine = "app.canonical:UserEngine"

[[legacy]]
module = "typing"
[legacy.names]
Callable = "collections.abc:Callable"
"""

FILES = {
    "ssot.toml": SPEC,
    "app/__init__.py": "",
    "app/errors.py": "class EngineError(Exception):\n    pass\n",
    "app/canonical.py": """
        class UserEngine:
            def run(self):
                return "ran"
    """,
    "app/dup.py": """
        from app.errors import EngineError

        class Engine:
            def run(self):
                return "dup"

            def legacy_stats(self):
                return {}

        __all__ = ["Engine", "EngineError"]
    """,
    "app/bridge.py": """
        from app.canonical import UserEngine

        class BridgeEngine:
            def __init__(self):
                self._inner = UserEngine()

            def run(self):
                return self._inner.run()

            def stats(self):
                return {}
    """,
    "app/already.py": '"""Old name."""\nfrom app.canonical import UserEngine as OldEngine\n\n__all__ = ["OldEngine"]\n',
    "app/service.py": """
        from app.dup import Engine, EngineError

        def start():
            try:
                return Engine().run()
            except EngineError:
                return Engine
    """,
    "app/aliased.py": "from app.dup import Engine as E\nE()\n",
    "app/modular.py": "import app.dup as legacy\nlegacy.Engine()\nlegacy.Engine.run\n",
    "app/bridged.py": "from app.bridge import BridgeEngine\nBridgeEngine().run()\n",
    "app/redirected.py": "from app.already import OldEngine\n",
    "app/typed.py": "from typing import Callable, Optional\nF = Callable[[], None]\n",
    "app/star.py": "from app.dup import *\n",
    "tests/__init__.py": "",
    "tests/test_service.py": """
        from unittest import mock

        def test_start():
            with mock.patch("app.dup.Engine"):
                pass
    """,
    "tests/test_canonical.py": "from app.canonical import UserEngine\n\ndef test_run():\n    assert UserEngine().run()\n",
    "tests/test_other.py": "def test_nothing():\n    assert True\n",
}


@pytest.fixture
def repo(git_repo: RepoFactory) -> Path:
    return git_repo(FILES)


def test_each_legacy_module_gets_its_status(repo: Path) -> None:
    report = audit_repository(repo)
    kinds = {module.module: module.kind for module in report.modules}
    assert kinds == {
        "app.dup": LegacyKind.DUPLICATE,
        "app.bridge": LegacyKind.BRIDGE,
        "app.already": LegacyKind.REDIRECT,
        "typing": LegacyKind.EXTERNAL,
    }


def test_names_importers_and_reference_counts_are_exact(repo: Path) -> None:
    dup = audit_repository(repo).modules[0]
    names = {name.name: name for name in dup.names}
    engine = names["Engine"]
    assert engine.canonical == Target("app.canonical", "UserEngine")
    assert engine.files == ("app/aliased.py", "app/modular.py", "app/service.py", "tests/test_service.py")
    assert [(i.path, i.form, i.references) for i in engine.importers] == [
        ("app/aliased.py", "alias", 1),
        ("app/modular.py", "module", 2),
        ("app/service.py", "import", 2),
        ("tests/test_service.py", "string", 1),
    ]
    error = names["EngineError"]
    assert (error.canonical, error.origin, error.files, error.references) == (
        None,
        Target("app.errors", "EngineError"),
        ("app/service.py",),
        1,
    )
    assert dup.defines == ("Engine",)
    assert dup.reexports == (("EngineError", Target("app.errors", "EngineError")),)
    assert [i.path for i in dup.star_importers] == ["app/star.py"]
    assert [i.path for i in dup.module_importers] == ["app/modular.py"]
    assert dup.missing_in_canonical == (("Engine", ("legacy_stats",)),)


def test_bridge_lists_methods_the_canonical_class_lacks(repo: Path) -> None:
    bridge = audit_repository(repo).modules[1]
    assert bridge.missing_in_canonical == (("BridgeEngine", ("stats",)),)
    assert bridge.names[0].files == ("app/bridged.py",) and bridge.names[0].references == 1


def test_external_module_importers_are_listed(repo: Path) -> None:
    typing_report = audit_repository(repo).modules[3]
    assert typing_report.path is None
    callable_name = typing_report.names[0]
    assert (callable_name.name, callable_name.files, callable_name.references) == (
        "Callable",
        ("app/typed.py",),
        1,
    )
    optional = typing_report.names[1]
    assert (optional.name, optional.canonical, optional.files) == ("Optional", None, ("app/typed.py",))


def test_related_tests_touch_legacy_or_canonical_names(repo: Path) -> None:
    report = audit_repository(repo)
    assert report.related_tests == ("tests/test_canonical.py", "tests/test_service.py")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/a.py", True),
        ("pkg/test_a.py", True),
        ("pkg/a_test.py", True),
        ("conftest.py", True),
        ("pkg/a.py", False),
    ],
)
def test_test_paths_follow_the_usual_conventions(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_redirect_on_an_external_module_is_a_spec_error(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {**FILES, "ssot.toml": SPEC.replace('module = "typing"', 'module = "typing"\nredirect = true')}
    )
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo)])
    assert result.exit_code == 2
    assert "typing: redirect = true, but the module is not in the repository" in result.output


def test_audit_json_has_the_documented_schema(repo: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "ssot-refactor/audit/1"
    assert data["migration"] == "engine-ssot"
    assert set(data) == {
        "schema",
        "migration",
        "files",
        "legacy_modules",
        "related_tests",
        "skipped",
        "calls",
        "instance_gaps",
    }
    dup = data["legacy_modules"][0]
    assert set(dup) == {
        "module",
        "path",
        "status",
        "redirect",
        "warn",
        "importing_files",
        "defines",
        "reexports",
        "names",
        "module_importers",
        "star_importers",
        "missing_in_canonical",
    }
    assert (dup["status"], dup["path"]) == ("duplicate", "app/dup.py")
    engine = dup["names"][0]
    assert (engine["name"], engine["canonical"], engine["importers"], engine["references"]) == (
        "Engine",
        "app.canonical:UserEngine",
        4,
        6,
    )
    assert set(engine["sites"][0]) == {"path", "line", "local", "form", "references", "scope", "guard", "via"}


def test_audit_markdown_is_a_tracker_with_a_checklist(repo: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo), "--format", "markdown"])
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("# SSOT migration tracker: `engine-ssot`")
    assert "| `app.dup` | full duplicate implementation | 2 | 5 | 7 |" in text
    assert "- [ ] turn `app.dup` into a redirect" in text
    assert "- `tests/test_service.py`" in text


def test_audit_text_names_statuses_and_skipped_files(git_repo: RepoFactory) -> None:
    repo = git_repo({**FILES, "app/broken.py": "from app.dup import Engine\nclass (:\n"})
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    for label in ("full duplicate implementation", "delegating bridge", "pure redirect", "external"):
        assert label in result.output
    assert "app/broken.py:2: syntax error" in result.output
    assert git(repo, "status", "--porcelain") == ""


def test_audit_from_a_subfolder_finds_the_repository_root(repo: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo / "app"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["migration"] == "engine-ssot"


def test_a_submodule_reached_through_its_parent_package_is_audited_under_the_submodule(
    git_repo: RepoFactory,
) -> None:
    repo = git_repo(
        {
            **LANGCHAIN,
            "app/a.py": "from langchain.llms import gpt4all\n\nm = gpt4all.GPT4All()\n",
            "app/e.py": "from langchain import llms\n\nm = llms.gpt4all.GPT4All()\n",
        }
    )
    submodule = audit_repository(repo).modules[1]
    assert submodule.module == "langchain.llms.gpt4all"
    assert [(i.path, i.local, i.references) for i in submodule.module_importers] == [
        ("app/a.py", "gpt4all", 1),
        ("app/e.py", "llms.gpt4all", 1),
    ]
    (name,) = [n for n in submodule.names if n.name == "GPT4All"]
    assert [(i.path, i.local) for i in name.importers] == [
        ("app/a.py", "gpt4all.GPT4All"),
        ("app/e.py", "llms.gpt4all.GPT4All"),
    ]
