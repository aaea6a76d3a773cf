"""The scan: candidate files, byte prefilter, re-export chains and bindings on real git repositories."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import RepoFactory, git, make_repo

from ssot_refactor.model import SkipReason, Target
from ssot_refactor.scan import detect_source_roots, glob_to_regex, scan, select_files
from ssot_refactor.spec import load_spec

SPEC = """\
[migration]
name = "engine"
{extra}

[[legacy]]
module = "app.old"
redirect = true

[legacy.names]
Engine = "app.new:UserEngine"
"""

BASE = {
    "ssot.toml": SPEC.format(extra=""),
    "app/__init__.py": "",
    "app/new.py": "class UserEngine:\n    pass\n",
    "app/old.py": "class Engine:\n    pass\n\nclass Helper:\n    pass\n",
}


def run_scan(repo: Path):  # type: ignore[no-untyped-def]
    return scan(repo, load_spec(repo))


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**", "a/b/c.py", True),
        ("app/**", "app/x/y.py", True),
        ("app/**", "lib/app/y.py", False),
        ("**/_legacy_backup/**", "app/_legacy_backup/x.py", True),
        ("**/_legacy_backup/**", "_legacy_backup/x.py", True),
        ("*.py", "a/x.py", False),
        ("tests/test_?.py", "tests/test_a.py", True),
    ],
)
def test_globs_span_folders_only_with_double_star(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_to_regex(pattern).match(path)) is matches


def test_select_files_keeps_python_under_include_minus_exclude() -> None:
    paths = ["app/a.py", "app/b.pyi", "app/c.txt", "vendor/d.py", "app/gen/e.py"]
    assert select_files(paths, ["**"], ["vendor/**", "**/gen/**"]) == ["app/a.py", "app/b.pyi"]


def test_source_roots_detect_src_layouts_and_subprojects() -> None:
    paths = ["src/app/__init__.py", "tests/test_a.py", "libs/core/pyproject.toml", "libs/core/src/core/x.py"]
    assert detect_source_roots(paths) == (".", "libs/core", "libs/core/src", "src")
    assert detect_source_roots(["src/__init__.py", "src/x.py"]) == (".",)


def test_prefilter_parses_only_files_that_mention_legacy_names(git_repo: RepoFactory) -> None:
    repo = git_repo({
        **BASE,
        "app/uses.py": "from app.old import Engine\nEngine()\n",
        "app/unrelated.py": "import os\nprint(os.sep)\n",
        "app/comment_only.py": "# Engine is mentioned in a comment only\nx = 1\n",
    })
    result = run_scan(repo)
    assert set(result.parsed) == {"app/old.py", "app/new.py", "app/uses.py", "app/comment_only.py"}
    assert [use.path for use in result.uses] == ["app/uses.py"]


def test_untracked_files_count_but_ignored_ones_do_not(git_repo: RepoFactory) -> None:
    repo = git_repo({**BASE, ".gitignore": "generated/\n"})
    (repo / "app" / "fresh.py").write_text("from app.old import Engine\n")
    (repo / "generated").mkdir()
    (repo / "generated" / "out.py").write_text("from app.old import Engine\n")
    assert {use.path for use in run_scan(repo).uses} == {"app/fresh.py"}


def test_include_and_exclude_globs_limit_the_scan(git_repo: RepoFactory) -> None:
    repo = git_repo({
        **BASE,
        "ssot.toml": SPEC.format(extra='exclude = ["**/_legacy_backup/**"]'),
        "app/_legacy_backup/copy.py": "from app.old import Engine\n",
        "app/live.py": "from app.old import Engine\n",
    })
    assert {use.path for use in run_scan(repo).uses} == {"app/live.py"}


def test_every_binding_form_is_found(git_repo: RepoFactory) -> None:
    repo = git_repo({
        **BASE,
        "app/plain.py": "from app.old import Engine\n",
        "app/aliased.py": "from app.old import Engine as E\n",
        "app/module.py": "import app.old as legacy\nlegacy.Engine()\n",
        "app/dotted.py": "import app.old\napp.old.Engine()\n",
        "app/parent.py": "from app import old\nold.Engine()\n",
        "app/relative.py": "from .old import Engine\n",
        "app/sub/__init__.py": "",
        "app/sub/deeper.py": "from ..old import Helper\n",
        "app/star.py": "from app.old import *\n",
        "app/local.py": "def f():\n    from app.old import Engine\n    return Engine\n",
    })
    uses = {use.path: use for use in run_scan(repo).uses}
    assert uses["app/plain.py"].target == Target("app.old", "Engine")
    assert uses["app/aliased.py"].record.local == "E"
    assert uses["app/module.py"].target is None and uses["app/module.py"].record.attrs == (("Engine", 1),)
    assert uses["app/dotted.py"].record.attrs == (("Engine", 1),)
    assert uses["app/parent.py"].target is None and uses["app/parent.py"].legacy_module == "app.old"
    assert uses["app/relative.py"].target == Target("app.old", "Engine")
    assert uses["app/sub/deeper.py"].target == Target("app.old", "Helper")
    assert uses["app/star.py"].is_star
    assert uses["app/local.py"].record.scope_kind == "function"


def test_reexport_chains_of_depth_two_are_followed_and_widen_the_prefilter(git_repo: RepoFactory) -> None:
    repo = git_repo({
        **BASE,
        "app/api/__init__.py": "from app.old import Engine as PublicEngine\n",
        "app/facade.py": "from app.api import PublicEngine as FacadeEngine\n__all__ = ['FacadeEngine']\n",
        "app/far_user.py": "from app.facade import FacadeEngine\nFacadeEngine()\n",
    })
    result = run_scan(repo)
    assert result.reexports[("app.api", "PublicEngine")] == Target("app.old", "Engine")
    assert result.reexports[("app.facade", "FacadeEngine")] == Target("app.old", "Engine")
    far = [use for use in result.uses if use.path == "app/far_user.py"]
    assert len(far) == 1 and far[0].target == Target("app.old", "Engine") and far[0].via == "app.facade"
    assert "app/far_user.py" in result.parsed


def test_src_layout_and_namespace_packages_resolve(git_repo: RepoFactory) -> None:
    repo = git_repo({
        "ssot.toml": SPEC.format(extra=""),
        "src/app/old.py": "class Engine: ...\n",
        "src/app/new.py": "class UserEngine: ...\n",
        "src/app/ns_consumer.py": "from app.old import Engine\n",
        "tests/test_engine.py": "from app.old import Engine\n",
    })
    result = run_scan(repo)
    assert result.modules["app.old"] == "src/app/old.py"
    assert {use.path for use in result.uses} == {"src/app/ns_consumer.py", "tests/test_engine.py"}


def test_unparsable_files_are_skipped_not_fatal(git_repo: RepoFactory) -> None:
    repo = git_repo({**BASE, "app/broken.py": "from app.old import Engine\ndef (:\n", "app/ok.py": "from app.old import Engine\n"})
    result = run_scan(repo)
    (skipped,) = result.skipped
    assert (skipped.path, skipped.reason, skipped.line) == ("app/broken.py", SkipReason.SYNTAX_ERROR, 2)
    assert [use.path for use in result.uses] == ["app/ok.py"]


def test_twenty_thousand_files_parse_only_the_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts real ``ast.parse`` calls: only the 50 files mentioning a legacy name and the anchors."""
    files: dict[str, str | bytes] = dict(BASE)
    for number in range(20_000):
        package = f"pkg{number % 40}"
        if number % 400 == 0:
            files[f"{package}/user{number}.py"] = b"from app.old import Engine\n\ndef build():\n    return Engine()\n"
        else:
            files[f"{package}/mod{number}.py"] = f"import os\n\ndef f{number}(x):\n    return os.path.join(x, '{number}')\n".encode()
    repo = make_repo(tmp_path / "big", files)
    parsed: list[str] = []
    real_parse = ast.parse

    def counting_parse(source, filename="<unknown>", *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(filename)
        return real_parse(source, filename, *args, **kwargs)

    monkeypatch.setattr("ssot_refactor.index.ast.parse", counting_parse)
    from ssot_refactor.audit import audit_repository

    report = audit_repository(repo)
    users = {name for name in parsed if "/user" in name}
    assert len(users) == 50  # the call-site report reads these same files again, nothing else
    assert set(parsed) - set(users) <= {"app/old.py", "app/new.py", "app/__init__.py"}
    assert report.python_files == 20_003
    assert sum(len(name.files) for name in report.modules[0].names) == 50
    assert git(repo, "status", "--porcelain") == ""


def test_a_module_tail_counts_only_in_a_file_that_imports(git_repo: RepoFactory) -> None:
    """``old`` is a common word: a data file saying it is not parsed, an importer of it is."""
    repo = git_repo({
        **BASE,
        "app/data.py": 'ROWS = [("old", 1), ("new", 2)]\n',
        "app/parent.py": "from app import old\n\nold.Engine()\n",
        "app/walrus.py": "from app.old import Engine\n\nif (engine := Engine()):\n    print(engine)\n",
    })
    result = run_scan(repo)
    assert "app/data.py" not in result.parsed
    assert {"app/parent.py", "app/walrus.py"} <= set(result.parsed)
    walrus = result.index["app/walrus.py"]
    assert walrus.imports[0].uses == 1 and walrus.defines("engine")
