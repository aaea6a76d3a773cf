"""``ssot-refactor init``: a draft spec from the code, each entry backed by evidence.

Real repositories in temporary folders and the real CLI. The bundled example must come out
with its three legacy modules; generated repositories mix legacy versions of a canonical class
with decoys (classes of the same name, of the same name as a legacy class, tests, unrelated
deprecated code) that must never be proposed.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, diff_json, git

from ssot_refactor.cli import main
from ssot_refactor.demo import example_source
from ssot_refactor.spec import parse_spec_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CANONICAL = "app.agents.supervisor.user_execution_engine:UserExecutionEngine"


def init(repo: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["init", "--repo", str(repo), *args])
    assert result.exit_code == 0, result.output
    return result.output


def legacy_tables(text: str) -> dict[str, dict[str, object]]:
    """The draft's ``[[legacy]]`` tables by module (the draft must be valid TOML and a valid spec)."""
    parse_spec_text(text, source="draft")
    return {entry["module"]: entry for entry in tomllib.loads(text)["legacy"]}


@pytest.fixture
def example_without_spec(tmp_path: Path) -> Path:
    repo = tmp_path / "example"
    shutil.copytree(example_source(), repo, ignore=shutil.ignore_patterns("__pycache__", "ssot.toml"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test User")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "--no-verify", "-m", "initial")
    return repo


def test_init_finds_the_three_legacy_modules_of_the_example(example_without_spec: Path) -> None:
    text = init(example_without_spec, "--canonical", CANONICAL, "--print")
    tables = legacy_tables(text)
    engine = "app.agents.supervisor.execution_engine"
    bridge = "app.agents.supervisor.consolidated_execution_engine"
    alias = "app.agents.request_scoped_execution_engine"
    assert set(tables) == {engine, bridge, alias}
    assert tables[engine]["names"] == {
        "ExecutionEngine": CANONICAL,
        "create_request_scoped_engine": "app.agents.supervisor.engine_factory:create_request_scoped_engine",
    }
    assert tables[bridge]["names"] == {"ConsolidatedExecutionEngine": CANONICAL}
    assert tables[alias]["names"] == {"RequestScopedExecutionEngine": CANONICAL}
    assert all(table["redirect"] is True for table in tables.values())
    factory = f"{CANONICAL}.create_from_legacy"
    rules = {rule["name"]: rule for rule in tables[engine]["calls"]}  # type: ignore[union-attr]
    assert rules["ExecutionEngine"] == {"name": "ExecutionEngine", "canonical": factory, "keywords": True}
    assert rules["ExecutionEngine._init_from_factory"]["canonical"] == factory
    # the evidence is written above each module
    assert (
        "# app.agents.supervisor.consolidated_execution_engine" in text
        and "builds UserExecutionEngine" in text
    )
    assert "has the public methods of UserExecutionEngine" in text
    assert "get_execution_stats" in text  # callers use it and the canonical class lacks it


def test_the_written_draft_runs_through_diff_and_is_not_overwritten(example_without_spec: Path) -> None:
    repo = example_without_spec
    result = CliRunner().invoke(main, ["init", "--repo", str(repo), "--canonical", CANONICAL])
    assert result.exit_code == 0, result.output
    written = (repo / "ssot.toml").read_text(encoding="utf-8")
    git(repo, "add", "ssot.toml")
    git(repo, "commit", "-q", "-m", "the drafted spec")
    data = diff_json(repo)
    titles = [commit["title"] for commit in data["commits"]]  # type: ignore[index]
    # the bridge's redirect waits for the file that uses get_execution_stats (blocked)
    assert sum("into a redirect" in title for title in titles) == 2
    assert any("consolidated_execution_engine" in str(entry) for entry in data["blocked"])  # type: ignore[attr-defined]
    again = CliRunner().invoke(main, ["init", "--repo", str(repo), "--canonical", CANONICAL])
    assert again.exit_code == 2 and "a spec already exists" in again.output
    assert (repo / "ssot.toml").read_text(encoding="utf-8") == written
    forced = CliRunner().invoke(main, ["init", "--repo", str(repo), "--canonical", CANONICAL, "--force"])
    assert forced.exit_code == 0 and (repo / "ssot.toml").read_text(encoding="utf-8") == written


def test_init_refuses_what_it_cannot_do(example_without_spec: Path, tmp_path: Path) -> None:
    repo = example_without_spec
    cases = {
        ("--canonical", "app.nowhere:Engine"): "module app.nowhere is not in the repository",
        ("--canonical", "app.agents.supervisor.user_execution_engine:Nope"): "no class Nope",
        ("--canonical", "no-colon"): "write module:ClassName",
        (
            "--canonical",
            CANONICAL,
            "-o",
            str(tmp_path / "outside.toml"),
        ): "only written inside the repository",
    }
    for args, message in cases.items():
        result = CliRunner().invoke(main, ["init", "--repo", str(repo), *args])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert not (repo / "ssot.toml").exists() and not (tmp_path / "outside.toml").exists()
    assert git(repo, "status", "--porcelain") == ""


def test_init_without_a_canonical_class_lists_candidates(example_without_spec: Path) -> None:
    output = init(example_without_spec)
    assert "same public methods" in output and "execution_engine:ExecutionEngine" in output
    assert not (example_without_spec / "ssot.toml").exists()


# --------------------------------------------------------------------------- generated repositories

CORE = """\
class Engine:
    def __init__(self, name, size=1):
        self.name, self.size = name, size

    @classmethod
    def from_settings(cls, settings):
        return cls(settings["name"])

    def run(self, job):
        return job

    def stop(self):
        return None

    def status(self):
        return "ok"
"""

#: legacy versions of core.engine:Engine: (file name, source, the names init must map)
LEGACY = {
    "duplicate": (
        (
            "class OldEngine:\n    def __init__(self, name, size=1):\n        self.name = name\n\n"
            "    def run(self, job):\n        return job\n\n    def stop(self):\n        pass\n\n"
            "    def status(self):\n        return 'old'\n"
        ),
        {"OldEngine"},
    ),
    "bridge": (
        (
            "from core.engine import Engine\n\n\nclass BridgeEngine:\n    def __init__(self, name):\n"
            "        self._engine = Engine(name)\n\n    def run(self, job):\n        return self._engine.run(job)\n"
        ),
        {"BridgeEngine"},
    ),
    "subclass": (
        "from core import engine\n\n\nclass SubEngine(engine.Engine):\n    pass\n",
        {"SubEngine"},
    ),
    "alias": ("from core.engine import Engine as AliasEngine\n", {"AliasEngine"}),
    "deprecated": (
        (
            "import warnings\n\nfrom core.engine import Engine\n\n\nclass OlderEngine(Engine):\n"
            "    def __init__(self, name):\n        warnings.warn('OlderEngine is deprecated, use Engine', "
            "DeprecationWarning)\n        super().__init__(name)\n"
        ),
        {"OlderEngine"},
    ),
}

#: code that must never be proposed
DECOYS = {
    "misc/widgets.py": "class Engine:\n    def spin(self):\n        return 1\n\n    def halt(self):\n        return 0\n",
    "misc/other.py": "class OldEngine:\n    def fly(self):\n        return 1\n",  # a legacy class's name
    "misc/deprecated.py": "class Parser:\n    '''Deprecated: use json instead.'''\n\n    def parse(self):\n        return 1\n",
    "misc/user.py": "from core.engine import Engine\n\n\ndef build():\n    return Engine('x').run(1)\n",
    "tests/test_engine.py": "from core.engine import Engine\n\n\nclass FakeEngine(Engine):\n    pass\n",
}


@pytest.mark.parametrize("seed", range(4))
def test_init_proposes_evidence_only_never_decoys(git_repo: RepoFactory, seed: int) -> None:
    rng = random.Random(seed)
    kinds = rng.sample(sorted(LEGACY), rng.randint(2, len(LEGACY)))
    files: dict[str, str] = {
        "core/__init__.py": "",
        "core/engine.py": CORE,
        "legacy/__init__.py": "",
        "misc/__init__.py": "",
    }
    files.update({f"legacy/{kind}.py": LEGACY[kind][0] for kind in kinds})
    files.update(rng.sample(sorted(DECOYS.items()), rng.randint(2, len(DECOYS))))
    for n, kind in enumerate(kinds):  # every legacy version has a user
        name = min(LEGACY[kind][1])
        files[f"app/use_{n}.py"] = f"from legacy.{kind} import {name}\n\nTHING = {name}\n"
    files["app/__init__.py"] = ""
    repo = git_repo(files)
    tables = legacy_tables(init(repo, "--canonical", "core.engine:Engine", "--print"))
    assert set(tables) == {f"legacy.{kind}" for kind in kinds}
    for kind in kinds:
        assert set(tables[f"legacy.{kind}"]["names"]) == LEGACY[kind][1]  # type: ignore[arg-type]


def test_a_redirect_is_drafted_only_where_every_used_name_has_a_home(git_repo: RepoFactory) -> None:
    legacy = "from core.engine import Engine\n\n\nclass OldEngine(Engine):\n    pass\n\n\ndef only_here():\n    return 1\n"
    repo = git_repo(
        {
            "core/__init__.py": "",
            "core/engine.py": CORE,
            "legacy/__init__.py": "",
            "legacy/old.py": legacy,
            "app/__init__.py": "",
            "app/use.py": "from legacy.old import OldEngine, only_here\n\nX = OldEngine('a'), only_here()\n",
        }
    )
    text = init(repo, "--canonical", "core.engine:Engine", "--print")
    table = legacy_tables(text)["legacy.old"]
    assert table["redirect"] is False and "only_here" in text.split("[legacy.names]")[0]


CALLS = {
    # legacy __init__ parameters -> (canonical __init__ parameters, the drafted rule or None for a TODO)
    "renamed": (
        "self, label, count=1",
        "self, name, size=1",
        {"keywords": True, "rename": {"label": "name", "count": "size"}},
    ),
    "swapped": ("self, size, name", "self, name, size", None),
}


@pytest.mark.parametrize("case", sorted(CALLS))
def test_call_rules_are_drafted_only_when_unambiguous(git_repo: RepoFactory, case: str) -> None:
    legacy_params, canonical_params, rule = CALLS[case]
    canonical = f"class Engine:\n    def __init__({canonical_params}):\n        pass\n\n    def run(self):\n        pass\n"
    repo = git_repo(
        {
            "core/__init__.py": "",
            "core/engine.py": canonical,
            "legacy/__init__.py": "",
            "legacy/old.py": f"from core.engine import Engine\n\n\nclass Old(Engine):\n    def __init__({legacy_params}):\n        pass\n",
            "app/__init__.py": "",
            "app/use.py": "from legacy.old import Old\n\nX = Old('a', 2)\n",
        }
    )
    text = init(repo, "--canonical", "core.engine:Engine", "--print")
    calls = legacy_tables(text)["legacy.old"].get("calls", [])
    if rule is None:
        assert calls == [] and "# TODO: calls of Old" in text and "app/use.py:3" in text
    else:
        assert calls == [{"name": "Old", **rule}]


def test_init_does_not_hide_a_spec_in_pyproject(example_without_spec: Path) -> None:
    repo = example_without_spec
    (repo / "pyproject.toml").write_text('[tool.ssot-refactor.migration]\nname = "kept"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["init", "--repo", str(repo), "--canonical", CANONICAL])
    assert (
        result.exit_code == 2
        and "pyproject.toml" in result.output
        and "a spec already exists" in result.output
    )
    assert not (repo / "ssot.toml").exists()
    printed = CliRunner().invoke(main, ["init", "--repo", str(repo), "--canonical", CANONICAL, "--print"])
    assert printed.exit_code == 0 and "[[legacy]]" in printed.output


def test_a_legacy_name_that_is_no_bare_toml_key_is_quoted(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            "core/__init__.py": "",
            "core/engine.py": CORE,
            "legacy/__init__.py": "",
            "legacy/alt.py": "from core.engine import Engine\n\n\nclass Motör(Engine):\n    pass\n",
        }
    )
    text = init(repo, "--canonical", "core.engine:Engine", "--print")
    assert '"Motör" = "core.engine:Engine"' in text
    assert legacy_tables(text)["legacy.alt"]["names"] == {"Motör": "core.engine:Engine"}


def test_a_small_class_needs_its_constructor_too_and_nothing_found_is_an_error(git_repo: RepoFactory) -> None:
    small = "class Engine:\n    def __init__(self, name, timeout=30):\n        self.name = name\n\n    def run(self):\n        return 1\n"
    repo = git_repo(
        {
            "core/__init__.py": "",
            "core/engine.py": small,
            "legacy/__init__.py": "",
            "legacy/twin.py": small.replace("class Engine", "class OldEngine"),
            "legacy/other.py": "class Runner:\n    def __init__(self, path):\n        pass\n\n    def run(self):\n        return 2\n",
        }
    )
    tables = legacy_tables(init(repo, "--canonical", "core.engine:Engine", "--print"))
    assert set(tables) == {"legacy.twin"} and tables["legacy.twin"]["names"] == {
        "OldEngine": "core.engine:Engine"
    }
    lonely = git_repo(
        {"core/__init__.py": "", "core/engine.py": small, "app/__init__.py": "", "app/x.py": "X = 1\n"}
    )
    result = CliRunner().invoke(main, ["init", "--repo", str(lonely), "--canonical", "core.engine:Engine"])
    assert result.exit_code == 2 and "no legacy version of Engine found" in result.output
    assert not (lonely / "ssot.toml").exists()
