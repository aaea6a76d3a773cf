"""``check``: the CI / pre-commit guard against legacy references."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import RepoFactory
from support.langchain_repo import LANGCHAIN

from ssot_refactor.check import UNEXPLAINED, why_left
from ssot_refactor.cli import main
from ssot_refactor.model import Blocked, Finding, Plan, Skipped, SkipReason
from ssot_refactor.workflow import check_repository, dry_run

SPEC = """\
[migration]
name = "m"

[[legacy]]
module = "app.old"
redirect = true

[legacy.names]
Engine = "app.new:UserEngine"

[[legacy]]
module = "app.kept"

[legacy.names]
Thing = "app.new:Thing"
"""

CLEAN = {
    "ssot.toml": SPEC,
    "app/__init__.py": "",
    "app/new.py": "class UserEngine: ...\nclass Thing: ...\n",
    "app/old.py": "from app.new import UserEngine as Engine\n",
    "app/kept.py": "from app.new import Thing\nclass Helper: ...\n",
    "app/user.py": "from app.new import UserEngine\nfrom app.kept import Helper\nclass UserExecutionEngine: ...\nUserEngine()\n",
    "tests/test_user.py": 'from unittest import mock\nmock.patch("app.old.EngineFactory")\n',
}


def run_check(repo, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--repo", str(repo), *args])


def test_clean_repository_exits_0(git_repo: RepoFactory) -> None:
    result = run_check(git_repo(CLEAN))
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("clean: no legacy references in")


def test_each_kind_of_legacy_reference_is_reported_with_file_and_line(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {
            **CLEAN,
            "app/again.py": "import os\nfrom app.old import Engine\n",
            "app/attr.py": "import app.old as legacy\nlegacy.Engine()\n",
            "app/star.py": "from app.old import *\n",
            "tests/test_patch.py": 'from unittest import mock\npatcher = mock.patch("app.old.Engine.run")\n',
            "app/other_kept.py": "from app.kept import Thing\n",
        }
    )
    result = run_check(repo)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "app/again.py:2: imports legacy app.old:Engine (use app.new:UserEngine)",
        "app/attr.py:1: uses legacy app.old:Engine as legacy.Engine (use app.new:UserEngine)",
        "app/other_kept.py:1: imports legacy app.kept:Thing (use app.new:Thing)",
        "app/star.py:1: star import from legacy module app.old",
        'tests/test_patch.py:2: string "app.old.Engine.run" names legacy app.old.Engine (use app.new.UserEngine)',
    ]


def test_paths_limit_the_check_as_pre_commit_passes_them(git_repo: RepoFactory) -> None:
    repo = git_repo({**CLEAN, "app/again.py": "from app.old import Engine\n", "app/fine.py": "x = 1\n"})
    assert run_check(repo, "app/fine.py", "app/user.py").exit_code == 0
    result = run_check(repo, "app/again.py")
    assert result.exit_code == 1 and "app/again.py:1" in result.stdout


def test_check_path_imports_neither_libcst_nor_gitpython(git_repo: RepoFactory) -> None:
    repo = git_repo(CLEAN)
    code = (
        "import sys\nfrom ssot_refactor.cli import main\n"
        "try:\n    main(['check', '--repo', sys.argv[1], '--quiet'])\nexcept SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "loaded = [m for m in ('libcst', 'git') if m in sys.modules]\nassert not loaded, loaded\nprint('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --------------------------------------------------------------------------- submodules of legacy packages

#: every way a file can reach a mapped name of a legacy submodule of a legacy package: (path, source)
IMPORT_FORMS = {
    "from_package_import_submodule": (
        "app/a.py",
        "from langchain.llms import gpt4all\n\nm = gpt4all.GPT4All()\n",
    ),
    "from_package_import_submodule_as": (
        "app/b.py",
        "from langchain.llms import gpt4all as g\n\nm = g.GPT4All()\n",
    ),
    "import_submodule": (
        "app/c.py",
        "import langchain.llms.gpt4all\n\nm = langchain.llms.gpt4all.GPT4All()\n",
    ),
    "import_submodule_as": ("app/d.py", "import langchain.llms.gpt4all as g\n\nm = g.GPT4All()\n"),
    "from_root_import_package": (
        "app/e.py",
        "from langchain import llms\n\nm = llms.gpt4all.GPT4All()\no = llms.OpenAI()\n",
    ),
    "import_root": ("app/f.py", "import langchain\n\nm = langchain.llms.gpt4all.GPT4All()\n"),
    "import_package": (
        "app/g.py",
        "import langchain.llms\n\nm = langchain.llms.gpt4all.GPT4All()\no = langchain.llms.OpenAI()\n",
    ),
    "import_package_root_used_otherwise": (
        "app/h.py",
        "import langchain.llms\n\na = langchain.chains.LLMChain()\nb = langchain.llms.OpenAI()\nc = langchain.other\n",
    ),
    "from_submodule_import_name": (
        "app/i.py",
        "from langchain.llms.gpt4all import GPT4All\n\nm = GPT4All()\n",
    ),
    "function_local": (
        "app/j.py",
        "def make():\n    from langchain.llms import gpt4all\n\n    return gpt4all.GPT4All()\n",
    ),
    "relative_from_package_import_submodule": (
        "langchain/k.py",
        "from .llms import gpt4all\n\nm = gpt4all.GPT4All()\n",
    ),
    "relative_from_dot_import_package": (
        "langchain/l.py",
        "from . import llms\n\nm = llms.gpt4all.GPT4All()\n",
    ),
    "relative_from_dot_import_submodule": (
        "langchain/llms/m.py",
        "from . import gpt4all\n\nm = gpt4all.GPT4All()\n",
    ),
    "star_import": ("app/n.py", "from langchain.llms.gpt4all import *\n\nm = GPT4All()\n"),
}


@pytest.mark.parametrize(("path", "source"), IMPORT_FORMS.values(), ids=IMPORT_FORMS.keys())
def test_every_import_form_is_found_then_migrated_or_reported(
    git_repo: RepoFactory, path: str, source: str
) -> None:
    repo = git_repo({**LANGCHAIN, path: source})
    before = check_repository(repo)
    assert [finding.path for finding in before.findings] and {f.path for f in before.findings} == {path}
    done = dry_run(repo)
    assert all(left.why != UNEXPLAINED for left in done.remaining), done.remaining
    warned = {warning.path for warning in done.plan.warnings} | {
        site.path for blocked in done.plan.blocked for site in blocked.sites
    }
    assert {left.reference.path for left in done.remaining} <= warned


def test_a_submodule_reached_through_its_parent_is_reported_as_written(git_repo: RepoFactory) -> None:
    path, source = IMPORT_FORMS["from_root_import_package"]
    root_path, root_source = IMPORT_FORMS["import_root"]
    result = run_check(git_repo({**LANGCHAIN, path: source, root_path: root_source}))
    assert result.stdout.splitlines() == [
        (
            "app/e.py:1: uses legacy langchain.llms.gpt4all:GPT4All as llms.gpt4all.GPT4All "
            "(use langchain_community.llms.gpt4all:GPT4All)"
        ),
        "app/e.py:1: uses legacy langchain.llms:OpenAI as llms.OpenAI (use langchain_community.llms:OpenAI)",
        (
            "app/f.py:1: uses legacy langchain.llms.gpt4all:GPT4All as langchain.llms.gpt4all.GPT4All "
            "(use langchain_community.llms.gpt4all:GPT4All)"
        ),
    ]


def test_after_run_check_is_clean_and_diff_agrees_on_every_import_form(git_repo: RepoFactory) -> None:
    forms = {path: source for name, (path, source) in IMPORT_FORMS.items() if name != "star_import"}
    repo = git_repo({**LANGCHAIN, **forms})
    assert run_check(repo).exit_code == 1
    ran = CliRunner().invoke(main, ["run", "--repo", str(repo), "--stay"])
    assert ran.exit_code == 0, ran.output
    checked = run_check(repo)
    assert checked.exit_code == 0, checked.output
    planned = CliRunner().invoke(main, ["diff", "--repo", str(repo)])
    assert planned.exit_code == 0, planned.output
    assert "already migrated" in planned.output


# --------------------------------------------------------------------------- diff and check agree

BLOCKED = {
    "ssot.toml": SPEC.replace(
        '[[legacy]]\nmodule = "app.kept"\n\n[legacy.names]\nThing = "app.new:Thing"\n', ""
    ),
    "app/__init__.py": "",
    "app/new.py": "class UserEngine:\n    def __init__(self, context):\n        self.context = context\n",
    "app/old.py": "class Engine:\n    def __init__(self, registry, bridge):\n        self.registry = registry\n",
    "app/blocked.py": "from app.old import Engine\n\nengine = Engine(1, 2)\n",
    "app/fine.py": "from app.old import Engine\n\n\ndef make():\n    return Engine\n",
}


def run_diff(repo, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["diff", "--repo", str(repo), *args])


def test_check_points_at_diff_for_why_a_reference_was_not_migrated(git_repo: RepoFactory) -> None:
    result = run_check(git_repo(BLOCKED))
    assert result.exit_code == 1
    assert result.stderr == (
        "2 legacy reference(s) found; `ssot-refactor diff` shows what migrates them or why they are not migrated\n"
    )


def test_pending_diff_lists_the_references_the_plan_leaves(git_repo: RepoFactory) -> None:
    result = run_diff(git_repo(BLOCKED))
    assert result.exit_code == 1
    lines = [line.rstrip() for line in result.output.splitlines()]
    start = lines.index("Legacy references left after the plan (1); `check` reports them:")
    assert lines[start + 1] == "  app/blocked.py:1: imports legacy app.old:Engine (use app.new:UserEngine)"
    assert lines[start + 2].startswith(
        "      blocked: calls of app.old:Engine in 1 file(s): they would not bind"
    )


def test_after_run_a_blocked_call_makes_diff_exit_5_and_check_exit_1(git_repo: RepoFactory) -> None:
    repo = git_repo(BLOCKED)
    ran = CliRunner().invoke(main, ["run", "--repo", str(repo), "--stay"])
    assert ran.exit_code == 0, ran.output
    checked = run_check(repo)
    assert checked.exit_code == 1
    assert checked.stdout == "app/blocked.py:1: imports legacy app.old:Engine (use app.new:UserEngine)\n"
    planned = run_diff(repo)
    assert planned.exit_code == 5, planned.output
    assert "Nothing to change, but the migration is not complete (see below)." in planned.output
    assert "BLOCKED calls of app.old:Engine in 1 file(s)" in planned.output
    assert "  app/blocked.py:1: imports legacy app.old:Engine (use app.new:UserEngine)" in planned.output
    data = json.loads(run_diff(repo, "--format", "json").output)
    assert data["pending"] is False
    assert [(left["path"], left["line"], left["why"].split(":")[0]) for left in data["remaining"]] == [
        ("app/blocked.py", 1, "blocked")
    ]
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    again = CliRunner().invoke(main, ["run", "--repo", str(repo), "--resume"])
    assert again.exit_code == 5, again.output
    assert "nothing to commit, but the migration is not complete: the rest is blocked" in again.output


def test_diff_exits_0_only_when_check_is_clean_too(git_repo: RepoFactory) -> None:
    repo = git_repo(
        {**BLOCKED, "app/blocked.py": "from app.old import Engine\n\nengine = Engine(context=1)\n"}
    )
    assert CliRunner().invoke(main, ["run", "--repo", str(repo), "--stay"]).exit_code == 0
    assert run_check(repo).exit_code == 0
    planned = run_diff(repo)
    assert planned.exit_code == 0, planned.output
    assert "Nothing to change: already migrated." in planned.output
    assert json.loads(run_diff(repo, "--format", "json").output)["remaining"] == []


REFERENCE = Finding("app/x.py", 3, "imports legacy app.old:Engine (use app.new:UserEngine)")


@pytest.mark.parametrize(
    ("plan", "why"),
    [
        (
            Plan(
                blocked=(
                    Blocked(
                        "calls of app.old:Engine in 1 file(s)",
                        "they would not bind",
                        "add a rule",
                        (Finding("app/x.py", 9, "call left unchanged"),),
                    ),
                )
            ),
            "blocked: calls of app.old:Engine in 1 file(s): they would not bind",
        ),
        (
            Plan(
                warnings=(
                    Finding("app/x.py", 1, "other spot"),
                    Finding("app/x.py", 3, "star import; left unchanged"),
                )
            ),
            "warning: star import; left unchanged",
        ),
        (Plan(warnings=(Finding("app/x.py", 1, "other spot"),)), "warning: other spot"),
        (
            Plan(skipped=(Skipped("app/x.py", SkipReason.SYNTAX_ERROR, "invalid syntax", 4),)),
            "file skipped: syntax error (invalid syntax)",
        ),
        (Plan(warnings=(Finding("app/y.py", 3, "elsewhere"),)), UNEXPLAINED),
    ],
    ids=["blocked", "warning_on_the_line", "warning_in_the_file", "skipped", "unexplained"],
)
def test_why_a_reference_outlives_the_plan(plan: Plan, why: str) -> None:
    assert why_left(plan, REFERENCE) == why
