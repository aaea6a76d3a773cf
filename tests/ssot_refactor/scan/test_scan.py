"""The scan: candidate files, byte prefilter, re-export chains and bindings on real git repositories."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from conftest import RepoFactory, git, make_repo, write_files
from support.langchain_repo import LANGCHAIN, LANGCHAIN_SPEC

from ssot_refactor.gitrepo import grep_blind_spots, grep_files
from ssot_refactor.model import SkipReason, Target
from ssot_refactor.scan import (
    Prefilter,
    detect_source_roots,
    glob_to_regex,
    imports_tail,
    mentions,
    scan,
    scanner,
    select_files,
)
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
    repo = git_repo(
        {
            **BASE,
            "app/uses.py": "from app.old import Engine\nEngine()\n",
            "app/unrelated.py": "import os\nprint(os.sep)\n",
            "app/comment_only.py": "# Engine is mentioned in a comment only\nx = 1\n",
        }
    )
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
    repo = git_repo(
        {
            **BASE,
            "ssot.toml": SPEC.format(extra='exclude = ["**/_legacy_backup/**"]'),
            "app/_legacy_backup/copy.py": "from app.old import Engine\n",
            "app/live.py": "from app.old import Engine\n",
        }
    )
    assert {use.path for use in run_scan(repo).uses} == {"app/live.py"}


def test_every_binding_form_is_found(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
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
        }
    )
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
    repo = git_repo(
        {
            **BASE,
            "app/api/__init__.py": "from app.old import Engine as PublicEngine\n",
            "app/facade.py": "from app.api import PublicEngine as FacadeEngine\n__all__ = ['FacadeEngine']\n",
            "app/far_user.py": "from app.facade import FacadeEngine\nFacadeEngine()\n",
        }
    )
    result = run_scan(repo)
    assert result.reexports[("app.api", "PublicEngine")] == Target("app.old", "Engine")
    assert result.reexports[("app.facade", "FacadeEngine")] == Target("app.old", "Engine")
    far = [use for use in result.uses if use.path == "app/far_user.py"]
    assert len(far) == 1 and far[0].target == Target("app.old", "Engine") and far[0].via == "app.facade"
    assert "app/far_user.py" in result.parsed


def test_src_layout_and_namespace_packages_resolve(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "ssot.toml": SPEC.format(extra=""),
            "src/app/old.py": "class Engine: ...\n",
            "src/app/new.py": "class UserEngine: ...\n",
            "src/app/ns_consumer.py": "from app.old import Engine\n",
            "tests/test_engine.py": "from app.old import Engine\n",
        }
    )
    result = run_scan(repo)
    assert result.modules["app.old"] == "src/app/old.py"
    assert {use.path for use in result.uses} == {"src/app/ns_consumer.py", "tests/test_engine.py"}


def test_unparsable_files_are_skipped_not_fatal(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **BASE,
            "app/broken.py": "from app.old import Engine\ndef (:\n",
            "app/ok.py": "from app.old import Engine\n",
        }
    )
    result = run_scan(repo)
    (skipped,) = result.skipped
    assert (skipped.path, skipped.reason, skipped.line) == ("app/broken.py", SkipReason.SYNTAX_ERROR, 2)
    assert [use.path for use in result.uses] == ["app/ok.py"]


def test_twenty_thousand_files_parse_only_the_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts the files indexed and parsed: only the 50 mentioning a legacy name and the anchors."""
    files: dict[str, str | bytes] = dict(BASE)
    for number in range(20_000):
        package = f"pkg{number % 40}"
        if number % 400 == 0:
            files[f"{package}/user{number}.py"] = (
                b"from app.old import Engine\n\ndef build():\n    return Engine()\n"
            )
        else:
            files[f"{package}/mod{number}.py"] = (
                f"import os\n\ndef f{number}(x):\n    return os.path.join(x, '{number}')\n".encode()
            )
    repo = make_repo(tmp_path / "big", files)
    parsed: list[str] = []
    real_parse = ast.parse

    def counting_parse(source, filename="<unknown>", *args, **kwargs):  # type: ignore[no-untyped-def]
        if filename != "<unknown>":  # the scan's parse (below) is of the bytes, without a name
            parsed.append(filename)
        return real_parse(source, filename, *args, **kwargs)

    def counting_index(jobs, pool=None):  # type: ignore[no-untyped-def]
        parsed.extend(path for path, *_ in jobs)  # wherever they are indexed: here or on the pool
        return real_index(jobs, pool)

    real_index = scanner.index_files
    monkeypatch.setattr("ssot_refactor.scan.index.ast.parse", counting_parse)
    monkeypatch.setattr(scanner, "index_files", counting_index)
    from ssot_refactor.workflow import audit_repository

    report = audit_repository(repo)
    users = {name for name in parsed if "/user" in name}
    assert len(users) == 50  # the call-site report reads these same files again, nothing else
    assert set(parsed) - set(users) <= {"app/old.py", "app/new.py", "app/__init__.py"}
    assert report.python_files == 20_003
    assert sum(len(name.files) for name in report.modules[0].names) == 50
    assert git(repo, "status", "--porcelain") == ""


def test_a_module_tail_counts_only_in_a_file_that_imports(git_repo: RepoFactory) -> None:
    """``old`` is a common word: a data file saying it is not parsed, an importer of it is."""
    repo = git_repo(
        {
            **BASE,
            "app/data.py": 'ROWS = [("old", 1), ("new", 2)]\n',
            "app/parent.py": "from app import old\n\nold.Engine()\n",
            "app/walrus.py": "from app.old import Engine\n\nif (engine := Engine()):\n    print(engine)\n",
        }
    )
    result = run_scan(repo)
    assert "app/data.py" not in result.parsed
    assert {"app/parent.py", "app/walrus.py"} <= set(result.parsed)
    walrus = result.index["app/walrus.py"]
    assert walrus.imports[0].uses == 1 and walrus.defines("engine")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (b"from app import old\n", True),
        (b"from .old import Engine\n", True),
        (b"import os; from . import old\n", True),
        (b"from app import \\\n    old\n", True),  # backslash continuation
        (b"from app import (\n    new,  # not (this) one\n    old,\n)\n", True),
        (b"from app import (\r\n    old,\r\n)\r\n", True),
        (b"x = '#'; from . import old\n", True),
        (b"import os\n# the old code\n", False),
        (b"import os\nold_value = 1\n", False),
        (b"from app import (new,\n    other)\nold = 1\n", False),
        (b"importlib.import_module('.old')\n", False),
    ],
)
def test_a_tail_counts_where_an_import_statement_can_name_it(text: bytes, wanted: bool) -> None:
    assert imports_tail(text, b"old") is wanted
    assert mentions(text, [b"app.old.Engine"], [b"old"]) is wanted


def test_a_comment_saying_the_tail_next_to_an_import_is_not_parsed(git_repo: RepoFactory) -> None:
    repo = git_repo({**BASE, "app/noted.py": "import os\n\n# the old engine was slow\nPATH = os.sep\n"})
    assert "app/noted.py" not in run_scan(repo).parsed


# --------------------------------------------------------------------------- git grep prefilter

VARIED_SPEC = """\
[migration]
name = "engine"
include = ["app/**", "*.py"]
exclude = ["**/skip/**"]

[[legacy]]
module = "app.old"
redirect = true

[legacy.names]
Engine = "app.new:Replacement"
"Mötor" = "app.new:Motor"
"""

VARIED: dict[str, str | bytes] = {
    "ssot.toml": VARIED_SPEC,
    ".gitignore": "generated/\n",
    "app/__init__.py": "",
    "app/old.py": "class Engine:\n    pass\n\nclass Mötor:\n    pass\n",
    "app/new.py": "class Replacement:\n    pass\n\nclass Motor:\n    pass\n",  # no needle: read as an anchor
    "app/uses.py": "from app.old import Engine\nEngine()\n",
    "app/comment.py": "# Engine is mentioned in a comment only\nx = 1\n",
    "app/unicode_name.py": "from app.old import Mötor\n",
    "app/api/__init__.py": "from app.old import Engine as Public\n",
    "app/facade.py": "from app.api import Public as Facade\n__all__ = ['Facade']\n",
    "app/far.py": "from app.facade import Facade\nFacade()\n",
    "app/tail_import.py": "from app import old\nold.Engine\n",
    "app/tail_relative.py": "from . import old as o\n",
    "app/tail_only.py": 'ROWS = [("old", 1)]\n',
    "app/import_only.py": "import os\n",
    "app/with space ünï.py": "from app.old import Engine\n",
    "app/latin1.py": b"# -*- coding: latin-1 -*-\n# caf\xe9\nfrom app.old import Engine\n",
    "app/latin1_plain.py": b"# -*- coding: latin-1 -*-\n# caf\xe9 \xd6l\n",
    "app/crlf.py": b"from app.old import Engine\r\nEngine()\r\n",
    "app/nul.py": b"x = 1\x00\x00 Engine\n",
    "app/skip/user.py": "from app.old import Engine\n",
    "app/notes.txt": "Engine\n",
    "lib/not_included.py": "from app.old import Engine\n",
    "app/changed.py": "x = 1\n",
    "app/was_user.py": "from app.old import Engine\n",
    "app/deleted.py": "from app.old import Engine\n",
    "app/assumed.py": "x = 1\n",
    "app/sparse.py": "x = 1\n",
    "app/retyped.py": "x = 1\n",
    "data/engine.txt": "from app.old import Engine\n",
}


def varied_repo(tmp_path: Path, prefix: str) -> Path:
    """A repository exercising every way git grep's view of a file can differ from Python's.

    ``prefix`` puts the scanned root in a subdirectory of the work tree; a file outside it
    mentions the legacy name and must never show up.
    """
    files = {prefix + name: content for name, content in VARIED.items()}
    files["outside.py"] = "from app.old import Engine\n"
    repo = make_repo(tmp_path / "varied", files)
    root = repo / prefix
    os.symlink("../data/engine.txt", root / "app" / "linked.py")
    git(repo, "add", "--", f"{prefix}app/linked.py")
    git(repo, "commit", "-q", "--no-verify", "-m", "a symlink")
    (root / "app" / "fresh.py").write_text("from app.old import Engine\n")
    (root / "app" / "changed.py").write_text("from app.old import Engine\n")
    (root / "app" / "was_user.py").write_text("x = 2\n")
    (root / "app" / "deleted.py").unlink()
    (root / "generated").mkdir()
    (root / "generated" / "out.py").write_text("from app.old import Engine\n")
    os.symlink("../data/engine.txt", root / "app" / "linked_fresh.py")
    (root / "app" / "retyped.py").unlink()
    os.symlink("../data/engine.txt", root / "app" / "retyped.py")
    git(repo, "update-index", "--assume-unchanged", f"{prefix}app/assumed.py")
    git(repo, "update-index", "--skip-worktree", f"{prefix}app/sparse.py")
    (root / "app" / "assumed.py").write_text("from app.old import Engine\n")
    (root / "app" / "sparse.py").write_text("from app.old import Engine\n")
    return root


VARIED_CANDIDATES = {
    "app/old.py",
    "app/new.py",  # the anchors
    "app/uses.py",
    "app/comment.py",
    "app/unicode_name.py",
    "app/api/__init__.py",
    "app/facade.py",
    "app/far.py",
    "app/tail_import.py",
    "app/tail_relative.py",
    "app/with space ünï.py",
    "app/latin1.py",
    "app/crlf.py",
    "app/nul.py",
    "app/changed.py",
    "app/fresh.py",
    "app/assumed.py",
    "app/sparse.py",
}
#: symbolic links (tracked, untracked, a tracked file turned into one): reported, never read
VARIED_LINKS = {"app/linked.py", "app/linked_fresh.py", "app/retyped.py"}


@pytest.mark.parametrize("prefix", ["", "sub/dir/"], ids=["root_is_top", "root_is_subdirectory"])
def test_git_grep_prefilter_lets_through_exactly_what_python_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    root = varied_repo(tmp_path, prefix)
    spec = load_spec(root)
    answers: list[set[str] | None] = []

    def recording_grep(root: Path, needles: set[bytes]) -> set[str] | None:
        answers.append(grep_files(root, needles))
        return answers[-1]

    python = scan(root, spec, prefilter=Prefilter.PYTHON)
    monkeypatch.setattr("ssot_refactor.scan.scanner.grep_files", recording_grep)
    with_git = scan(root, spec, prefilter=Prefilter.GIT_GREP)
    assert len(answers) == 3 and None not in answers  # legacy needles, then Public, then Facade
    if prefix:
        assert answers[0] is not None and not {"outside.py", "../../outside.py"} & answers[0]
    assert set(python.parsed) == VARIED_CANDIDATES | ({"outside.py"} if not prefix else set())
    assert {s.path for s in python.skipped if s.reason is SkipReason.SYMLINK} == VARIED_LINKS
    assert with_git.parsed == python.parsed
    assert with_git.index.keys() == python.index.keys()
    assert with_git.skipped == python.skipped
    assert with_git.uses == python.uses
    assert with_git.files == python.files and not any(path.startswith("lib/") for path in python.files)


def test_auto_prefilter_uses_python_for_a_few_files(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo({**BASE, "app/uses.py": "from app.old import Engine\n"})
    calls: list[int] = []
    monkeypatch.setattr("ssot_refactor.scan.scanner.grep_files", lambda root, needles: calls.append(1))
    assert "app/uses.py" in scan(repo, load_spec(repo)).parsed
    assert calls == []


def test_git_grep_prefilter_falls_back_to_python_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "plain"
    write_files(root, {**BASE, "app/uses.py": "from app.old import Engine\n", "app/other.py": "x = 1\n"})
    assert grep_files(root, {b"Engine"}) is None and grep_blind_spots(root) is None
    result = scan(root, load_spec(root), prefilter=Prefilter.GIT_GREP)
    assert set(result.parsed) == {"app/old.py", "app/new.py", "app/uses.py"}


def test_progress_ends_at_every_file_with_git_grep(git_repo: RepoFactory) -> None:
    repo = git_repo({**BASE, "app/uses.py": "from app.old import Engine\n", "app/other.py": "x = 1\n"})
    seen: list[tuple[int, int]] = []

    def record(done: int, total: int) -> None:
        seen.append((done, total))

    result = scan(repo, load_spec(repo), record, prefilter=Prefilter.GIT_GREP)
    assert seen == [(len(result.files), len(result.files))]


def test_grep_files_lists_paths_relative_to_a_subdirectory_root(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "top.py": "Engine\n",
            "sub/a.py": "Engine\n",
            "sub/deep/b.txt": "Engine\n",
            "sub/c.py": "x\n",
        }
    )
    assert grep_files(repo / "sub", {b"Engine"}) == {"a.py", "deep/b.txt"}
    assert grep_files(repo, {b"Engine"}) == {"top.py", "sub/a.py", "sub/deep/b.txt"}


def test_grep_files_never_takes_a_needle_for_an_option(git_repo: RepoFactory) -> None:
    repo = git_repo({"dash.py": "x = '--version'\n", "e.py": "-e\n", "none.py": "x = 1\n"})
    assert grep_files(repo, {b"--version"}) == {"dash.py"}
    assert grep_files(repo, {b"-e", b"-l"}) == {"e.py"}
    assert grep_files(repo, set()) == set()


@pytest.mark.parametrize(
    "needle", [b"", b"a\nb", b"a\rb", b"a\0b", b"a\\Eb"], ids=["empty", "lf", "cr", "nul", "backslash"]
)
def test_grep_files_declines_needles_git_cannot_match_exactly(git_repo: RepoFactory, needle: bytes) -> None:
    repo = git_repo({"a.py": "x = 1\n"})
    assert grep_files(repo, {needle, b"x"}) is None


def test_grep_files_matches_bytes_whatever_the_encoding(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "utf8.py": "Mötor\n",
            "latin1.py": b"M\xf6tor\n",
            "nul.py": b"\x00\xff M\xc3\xb6tor\x00\n",
        }
    )
    assert grep_files(repo, {"Mötor".encode()}) == {"utf8.py", "nul.py"}
    assert grep_files(repo, {b"M\xf6tor"}) == {"latin1.py"}


def test_grep_blind_spots_name_what_git_grep_reads_elsewhere(tmp_path: Path) -> None:
    root = varied_repo(tmp_path, "")
    blind = grep_blind_spots(root)
    assert blind is not None
    symlinks = {"app/linked.py", "app/linked_fresh.py", "app/retyped.py"}
    assert symlinks | {"app/assumed.py", "app/sparse.py"} <= blind
    assert not blind & {"app/uses.py", "app/changed.py", "app/fresh.py", "app/with space ünï.py"}


def test_a_legacy_submodule_is_told_from_a_name_of_its_legacy_package(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **LANGCHAIN,
            "app/sub.py": "from langchain.llms import gpt4all\ngpt4all.GPT4All()\n",
            "app/name.py": "from langchain.llms import OpenAI\n",
            "app/parent.py": "from langchain import llms\nllms.gpt4all.GPT4All()\nllms.OpenAI()\n",
            "app/root.py": "import langchain\nlangchain.llms.gpt4all.GPT4All()\n",
        }
    )
    uses = [
        (u.path, u.legacy_module, u.target, u.local, u.attrs)
        for u in run_scan(repo).uses
        if u.path.startswith("app/")
    ]
    assert uses == [
        ("app/name.py", "langchain.llms", Target("langchain.llms", "OpenAI"), "OpenAI", ()),
        ("app/parent.py", "langchain.llms", None, "llms", (("OpenAI", 1), ("gpt4all", 1))),
        ("app/parent.py", "langchain.llms.gpt4all", None, "llms.gpt4all", (("GPT4All", 1),)),
        ("app/root.py", "langchain.llms", None, "langchain.llms", (("gpt4all", 1),)),
        ("app/root.py", "langchain.llms.gpt4all", None, "langchain.llms.gpt4all", (("GPT4All", 1),)),
        ("app/sub.py", "langchain.llms.gpt4all", None, "gpt4all", (("GPT4All", 1),)),
    ]


def test_a_mapped_name_wins_over_a_submodule_of_the_same_name(git_repo: RepoFactory) -> None:
    spec = LANGCHAIN_SPEC.replace(
        'OpenAI = "langchain_community.llms:OpenAI"', 'gpt4all = "langchain_community.llms:OpenAI"'
    )
    repo = git_repo({**LANGCHAIN, "ssot.toml": spec, "app/sub.py": "from langchain.llms import gpt4all\n"})
    (use,) = [u for u in run_scan(repo).uses if u.path == "app/sub.py"]
    assert (use.legacy_module, use.target) == ("langchain.llms", Target("langchain.llms", "gpt4all"))
