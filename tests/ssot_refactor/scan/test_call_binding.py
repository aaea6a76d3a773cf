"""Calls that cannot work after the rename: broken before, unknown signatures, declared compatible."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from conftest import RepoFactory, diff_json, edited

from ssot_refactor.cli import main
from ssot_refactor.model import Target
from ssot_refactor.scan.installed import installed_signatures

SPEC = """
[migration]
name = "engines"

[[legacy]]
module = "core.old"
redirect = true

[legacy.names]
Engine = "core.new:UserEngine"
{rules}
"""

LEGACY = """
class Engine:
    def __init__(self, registry, bridge):
        self.registry = registry
"""

CANONICAL = """
class UserEngine:
    def __init__(self, registry, bridge, extra=None):
        self.registry = registry
"""


def files(consumer: str, rules: str = "", canonical: str = CANONICAL) -> dict[str, str]:
    return {
        "ssot.toml": SPEC.format(rules=rules),
        "core/__init__.py": "",
        "core/old.py": LEGACY,
        "core/new.py": canonical,
        "app/__init__.py": "",
        "app/use.py": consumer,
    }


def test_a_call_binding_neither_signature_is_blocked_apart(git_repo: RepoFactory) -> None:
    repo = git_repo(files("from core.old import Engine\n\nengine = Engine()\n"))
    data = diff_json(repo)
    assert "app/use.py" not in edited(data)
    (entry, redirect) = data["blocked"]  # type: ignore[misc]
    assert entry["what"] == "calls of core.old:Engine in 1 file(s) that are already broken"
    assert "no [[legacy.calls]] rule can make them bind" in entry["unblock"]
    (site,) = entry["sites"]
    assert (site["path"], site["line"], site["code"]) == ("app/use.py", 3, "broken-call")
    assert site["message"].startswith(
        "call of core.old:Engine is already broken before the migration: it binds neither the legacy "
        "signature (registry, bridge) (missing a required argument: 'registry') nor core.new:UserEngine"
    )
    assert redirect["what"] == "redirect of core.old"


def test_broken_and_rewritable_calls_are_listed_apart(git_repo: RepoFactory) -> None:
    consumer = "from core.old import Engine\n\na = Engine()\n"
    other = "from core.old import Engine\n\nb = Engine(1, 2)\n"
    repo = git_repo({**files(consumer), "app/fine.py": other})
    data = diff_json(repo)
    assert "app/fine.py" in edited(data) and "app/use.py" not in edited(data)
    assert [b["what"] for b in data["blocked"]] == [  # type: ignore[attr-defined]
        "calls of core.old:Engine in 1 file(s) that are already broken",
        "redirect of core.old",
    ]


def test_a_rule_does_not_hide_a_call_broken_before(git_repo: RepoFactory) -> None:
    rule = '[[legacy.calls]]\nname = "Engine"\nkeywords = true\n'
    repo = git_repo(files("from core.old import Engine\n\nengine = Engine(1, 2, 3, 4)\n", rule))
    (entry, _) = diff_json(repo)["blocked"]  # type: ignore[misc]
    assert entry["sites"][0]["code"] == "broken-call"


def test_the_last_init_is_the_constructor(git_repo: RepoFactory) -> None:
    legacy = LEGACY + "\n    def __init__(self, registry):\n        self.registry = registry\n"
    repo = git_repo({**files("from core.old import Engine\n\nengine = Engine(1)\n"), "core/old.py": legacy})
    data = diff_json(repo)
    # Engine(1) binds the last legacy __init__ but not UserEngine(registry, bridge, ...)
    (entry, _) = data["blocked"]  # type: ignore[misc]
    assert entry["sites"][0]["code"] == "blocked-call", entry


OUTSIDE = """
from core.old import Engine

engine = Engine("model", device="cpu")
"""


def outside_files(rules: str = "") -> dict[str, str]:
    spec = SPEC.format(rules=rules).replace('"core.new:UserEngine"', '"not_installed_pkg.models:UserEngine"')
    return {**files(OUTSIDE), "ssot.toml": spec}


def test_unknown_canonical_signature_blocks_and_says_same_signature(git_repo: RepoFactory) -> None:
    data = diff_json(git_repo(outside_files()))
    assert "app/use.py" not in edited(data)
    entry = data["blocked"][0]  # type: ignore[index]
    assert "signature of not_installed_pkg.models:UserEngine is unknown" in entry["sites"][0]["message"]
    assert "same_signature = true" in entry["unblock"]


def test_same_signature_renames_calls_of_an_unknown_canonical(git_repo: RepoFactory) -> None:
    rule = '[[legacy.calls]]\nname = "Engine"\nsame_signature = true\n'
    data = diff_json(git_repo(outside_files(rule)))
    assert data["blocked"] == []
    assert '+engine = UserEngine("model", device="cpu")' in edited(data)["app/use.py"]


def test_a_rule_that_changes_nothing_says_the_same(git_repo: RepoFactory) -> None:
    rule = '[[legacy.calls]]\nname = "Engine"\n'
    data = diff_json(git_repo(outside_files(rule)))
    assert data["blocked"] == []
    assert '+engine = UserEngine("model", device="cpu")' in edited(data)["app/use.py"]


def test_same_signature_still_refuses_a_call_a_known_signature_rejects(git_repo: RepoFactory) -> None:
    rule = '[[legacy.calls]]\nname = "Engine"\nsame_signature = true\n'
    canonical = "class UserEngine:\n    def __init__(self, context):\n        self.context = context\n"
    repo = git_repo(files("from core.old import Engine\n\nengine = Engine(1, 2)\n", rule, canonical))
    entry = diff_json(repo)["blocked"][0]  # type: ignore[index]
    assert "although the rule says same_signature" in entry["sites"][0]["message"]


def test_same_signature_with_other_changes_is_a_spec_error(git_repo: RepoFactory) -> None:
    rule = '[[legacy.calls]]\nname = "Engine"\nsame_signature = true\nkeywords = true\n'
    repo = git_repo(files("from core.old import Engine\n", rule))
    result = CliRunner().invoke(main, ["diff", "--repo", str(repo), "--quiet"])
    assert result.exit_code == 2
    assert (
        "legacy[0].calls[0].same_signature: says the calls need no change, but the rule also sets keywords"
        in (result.output)
    )


INSTALLED_SPEC = """
[migration]
name = "decoders"

[[legacy]]
module = "core.old"

[legacy.names]
Decoder = "json:JSONDecoder"
"""


def test_an_installed_canonical_signature_is_read_with_inspect(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "ssot.toml": INSTALLED_SPEC,
            "core/__init__.py": "",
            "core/old.py": "class Decoder:\n    def __init__(self, *, strict=True, object_hook=None):\n        pass\n",
            "app/__init__.py": "",
            "app/fine.py": "from core.old import Decoder\n\nd = Decoder(strict=False)\n",
            "app/broken.py": "from core.old import Decoder\n\nd = Decoder(1)\n",
        }
    )
    data = diff_json(repo)
    assert "+d = JSONDecoder(strict=False)" in edited(data)["app/fine.py"]
    assert "app/broken.py" not in edited(data)
    (entry,) = data["blocked"]  # type: ignore[misc]
    assert entry["what"] == "calls of core.old:Decoder in 1 file(s) that are already broken"
    assert "nor json:JSONDecoder(*, object_hook=..., parse_float=..." in entry["sites"][0]["message"]


def test_repository_code_is_never_imported_for_a_signature(tmp_path: Path) -> None:

    marker = tmp_path / "imported"
    package = tmp_path / "repo" / "sidecar"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\nclass Thing:\n    pass\n")
    here = os.getcwd()
    os.chdir(package.parent)  # the current folder is not on the interpreter's path
    try:
        found = installed_signatures(
            [Target("sidecar", "Thing"), Target("json", "JSONDecoder")], package.parent
        )
    finally:
        os.chdir(here)
    assert Target("sidecar", "Thing") not in found and not marker.exists()
    assert Target("json", "JSONDecoder") in found


def test_a_broken_call_is_blocked_when_both_signatures_are_the_same(git_repo: RepoFactory) -> None:
    same = LEGACY.replace("class Engine:", "class UserEngine:")
    consumer = (
        "import functools\n\nfrom core.old import Engine\n\nfine = Engine(1, bridge=2)\n"
        "broken = Engine(1, 2, 3)\npartial = functools.partial(Engine, 1, 2, 3)\n"
    )
    data = diff_json(git_repo(files(consumer, canonical=same)))
    assert "app/use.py" not in edited(data)
    (entry, _redirect) = data["blocked"]  # type: ignore[misc]
    assert entry["what"] == "calls of core.old:Engine in 1 file(s) that are already broken"
    assert [(site["line"], site["code"]) for site in entry["sites"]] == [
        (6, "broken-call"),
        (7, "broken-call"),
    ]


def test_calls_that_bind_the_same_signature_are_renamed_as_written(git_repo: RepoFactory) -> None:
    same = LEGACY.replace("class Engine:", "class UserEngine:")
    consumer = "from core.old import Engine\n\nfine = Engine(1, bridge=2)\nalso = Engine(*[1, 2])\n"
    data = diff_json(git_repo(files(consumer, canonical=same)))
    assert data["blocked"] == []
    diff = edited(data)["app/use.py"]
    assert "+fine = UserEngine(1, bridge=2)" in diff and "+also = UserEngine(*[1, 2])" in diff
