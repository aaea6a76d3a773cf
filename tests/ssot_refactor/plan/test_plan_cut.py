"""A file importing several legacy modules: rewritten once, cut into one commit per module.

Every intermediate version must parse, define every name it loads and import only what the
file or its final rewrite imports; the final version must equal rewriting the file for each
module one after another (the fallback, which the cut replaces).
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

import pyflakes.api
import pyflakes.reporter
import pytest
from conftest import RepoFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssot_refactor.check import remaining_references
from ssot_refactor.model import FileContext, NameMap, Plan
from ssot_refactor.plan import combined, plan_and_index, plan_migration
from ssot_refactor.plan import pipeline as plan_pipeline
from ssot_refactor.plan.cut import cut
from ssot_refactor.plan.diff import apply, hunks
from ssot_refactor.plan.versions import Versions, facts_of_source
from ssot_refactor.scan import scan
from ssot_refactor.scan.index import index_source
from ssot_refactor.scan.records import ModuleInfo
from ssot_refactor.spec import load_spec

LETTERS = "abcd"
SPEC = '[migration]\nname = "hub"\n' + "".join(
    f'\n[[legacy]]\nmodule = "legacy.old_{x}"\n[legacy.names]\n{x.upper()} = "core.engines:User{x.upper()}"\n'
    f'make_{x} = "core.engines:make_user_{x}"\n'
    for x in LETTERS
)
BASE = {
    "ssot.toml": SPEC,
    "core/__init__.py": "",
    "core/engines.py": "".join(
        f"class User{x.upper()}:\n    pass\n\n\ndef make_user_{x}():\n    return User{x.upper()}()\n\n\n"
        for x in LETTERS
    ),
    "legacy/__init__.py": "",
    **{
        f"legacy/old_{x}.py": f"class {x.upper()}:\n    pass\n\n\ndef make_{x}():\n    return {x.upper()}()\n"
        for x in LETTERS
    },
    "app/__init__.py": "",
}
HUB = """\
\"\"\"Reaches into every legacy module.\"\"\"
from legacy import old_a, old_b  # two legacy modules on one line
from legacy.old_c import (
    C,  # the c engine
    make_c,
)
import legacy.old_d as d_engine


def build():
    return old_a.A(), old_b.make_b(), C(), d_engine.D()


def local():
    from legacy.old_d import make_d

    return make_d(), make_c(), old_a.make_a()


def annotated(engine: C, other: "d_engine.D") -> old_b.B:
    return isinstance(engine, C) and other
"""


def plan_of(repo: Path) -> Plan:
    spec = load_spec(repo)
    return plan_migration(spec, scan(repo, spec), workers=1)


def versions(plan: Plan, path: str) -> list[bytes]:
    """The file before the first commit that edits it and after each one, in commit order."""
    edits = [edit for commit in plan.commits for edit in commit.edits if str(edit.path) == path]
    assert all(later.before == earlier.after for earlier, later in pairwise(edits))
    return [edits[0].before, *(edit.after for edit in edits)]


def undefined_names(source: bytes) -> set[str]:
    """The names pyflakes reports undefined (an oracle independent of the tool's own index)."""

    class Collect(pyflakes.reporter.Reporter):
        def __init__(self) -> None:
            self.found: set[str] = set()

        def flake(self, message: object) -> None:
            if type(message).__name__ == "UndefinedName":
                self.found.add(str(message.message_args[0]))  # type: ignore[attr-defined]

        def syntaxError(self, *args: object) -> None:
            raise AssertionError(f"does not parse: {args}")

    reporter = Collect()
    pyflakes.api.check(source.decode(), "hub.py", reporter)
    return reporter.found


def imports(source: bytes) -> set[tuple[str, str | None]]:
    info = index_source("app/hub.py", source, "app.hub", False)
    assert isinstance(info, ModuleInfo)
    return {(record.module, record.name) for record in info.imports}


def test_the_hub_is_rewritten_once_and_cut_into_a_commit_per_module(
    git_repo: RepoFactory, rewritten: list[str]
) -> None:
    repo = git_repo({**BASE, "app/hub.py": HUB})
    plan = plan_of(repo)
    assert rewritten == ["app/hub.py"]
    # old_a and old_b share an import statement, so one commit moves both; c and d get their own
    touching = [
        commit.title for commit in plan.commits if any(str(e.path) == "app/hub.py" for e in commit.edits)
    ]
    assert touching == [
        "refactor(ssot): point importers of legacy.old_a at core.engines",
        "refactor(ssot): point importers of legacy.old_c at core.engines",
        "refactor(ssot): point importers of legacy.old_d at core.engines",
    ]
    steps = versions(plan, "app/hub.py")
    allowed = imports(steps[0]) | imports(steps[-1])
    for step in steps:
        assert undefined_names(step) == set()
        assert imports(step) <= allowed
    assert b"old_" not in steps[-1] and b"import legacy" not in steps[-1]
    # after old_a's commit, c and d are still imported from their legacy modules
    assert b"from legacy.old_c import (" in steps[1] and b"import legacy.old_d as d_engine" in steps[1]
    assert b"old_a.A()" not in steps[1] and b"C(), d_engine.D()" in steps[1]


def test_the_cut_ends_where_one_rewrite_per_module_ends(
    git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_repo({**BASE, "app/hub.py": HUB})
    once = versions(plan_of(repo), "app/hub.py")
    monkeypatch.setattr(combined, "combined_paths", lambda *args: {})
    import ssot_refactor.plan as plan_package

    monkeypatch.setattr(plan_package, "combined_paths", lambda *args: {})
    per_module = versions(plan_of(repo), "app/hub.py")
    assert len(per_module) == 5  # one rewrite per legacy module
    assert once[-1] == per_module[-1]


def test_a_cut_whose_step_would_lose_a_binding_falls_back_to_one_rewrite_per_module(
    git_repo: RepoFactory,
) -> None:
    """The kept ``from core import engines`` comes from old_b's line, but old_a's commit comes first."""
    hub = "from legacy import old_b\nfrom legacy import old_a\n\n\ndef build():\n    return old_a.A(), old_b.B()\n"
    repo = git_repo({**BASE, "app/hub.py": hub})
    spec = load_spec(repo)
    result = scan(repo, spec)
    plan = plan_migration(spec, result, workers=1)
    steps = versions(plan, "app/hub.py")
    assert len(steps) == 3  # the fallback: each module's commit rewrites the file in turn
    for step in steps:
        assert undefined_names(step) == set()
    assert (
        steps[-1]
        == b"from core import engines\n\n\ndef build():\n    return engines.UserA(), engines.UserB()\n"
    )


def test_hunks_are_tokens_not_lines() -> None:
    before = b"x = Engine(), Runner()\n"
    after = b"x = UserEngine(), UserRunner()\n"
    found = hunks(before, after)
    assert [(before[h.start : h.end], h.text) for h in found] == [
        (b"Engine", b"UserEngine"),
        (b"Runner", b"UserRunner"),
    ]
    assert apply(before, found[:1]) == b"x = UserEngine(), Runner()\n"
    assert apply(before, found) == after


MODULE_FORMS = {
    "from": ("from legacy.old_{x} import {X}", "{X}()"),
    "aliased": ("from legacy.old_{x} import {X} as Alias{X}", "Alias{X}()"),
    "module": ("import legacy.old_{x}", "legacy.old_{x}.make_{x}()"),
    "module_as": ("import legacy.old_{x} as m_{x}", "m_{x}.{X}()"),
    "parent": ("from legacy import old_{x}", "old_{x}.make_{x}()"),
}


@st.composite
def hub_files(draw: st.DrawFn) -> tuple[bytes, tuple[str, ...]]:
    """A module importing two to four legacy modules in drawn forms, their uses mixed on lines."""
    chosen = draw(st.lists(st.sampled_from(LETTERS), min_size=2, max_size=4, unique=True))
    lines, uses = [], []
    for x in chosen:
        statement, use = MODULE_FORMS[draw(st.sampled_from(sorted(MODULE_FORMS)))]
        lines.append(statement.format(x=x, X=x.upper()))
        uses.append(use.format(x=x, X=x.upper()))
    lines = draw(st.permutations(lines))
    body = [f"    return {', '.join(draw(st.permutations(uses)))}"]
    if draw(st.booleans()):
        body.append(f"\n\ndef other():\n    return [{uses[0]}]")
    text = "\n".join(lines) + "\n\n\ndef build():\n" + "\n".join(body) + "\n"
    return text.encode(), tuple(sorted(chosen))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hub_files())
def test_every_cut_step_parses_defines_its_names_and_imports_nothing_new(
    hub: tuple[bytes, tuple[str, ...]],
) -> None:
    source, chosen = hub
    maps = [
        NameMap.parse(
            {
                f"legacy.old_{x}:{x.upper()}": f"core.engines:User{x.upper()}",
                f"legacy.old_{x}:make_{x}": f"core.engines:make_user_{x}",
            }
        )
        for x in chosen
    ]
    ctx = FileContext(
        path="app/hub.py",
        module="app.hub",
        is_package=False,
        name_map=NameMap(tuple(pair for name_map in maps for pair in name_map)),
    )
    outcome = plan_pipeline.screen(plan_pipeline.rewrite_file((source, ctx)))
    after = getattr(outcome.result, "after", source)
    done = cut(source, after, ctx, maps, index_source(ctx.path, source, ctx.module, False))  # type: ignore[arg-type]
    if done is None:
        return  # refused: the plan falls back to one rewrite per module
    assert done.states[-1] == after
    allowed = imports(source) | imports(after)
    for state in done.states:
        ast.parse(state)
        assert undefined_names(state) == set()
        assert imports(state) <= allowed


LINES = st.sampled_from(
    [b"\n", b"x = 1\n", b"    return x\n", b"def f():\n", b"y = Engine()\n", b"# note\n", b"z\n"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=40), st.lists(LINES, max_size=40))
def test_the_hunks_of_any_two_texts_rebuild_the_second(old: list[bytes], new: list[bytes]) -> None:
    before, after = b"".join(old), b"".join(new)
    assert apply(before, hunks(before, after)) == after


#: statements whose facts depend on their neighbours: decorators, class bodies, globals, stars
EXTRA_STATEMENTS = (
    "@old_a.register\ndef decorated():\n    return helper()",
    "def helper():\n    global counter\n    counter = 1\n    return counter",
    "class Holder:\n    kind = 1\n\n    def get(self):\n        return kind",
    "if True:\n    from legacy.old_b import B as Late\nelse:\n    Late = None",
    "try:\n    import legacy.old_c as fallback\nexcept ImportError:\n    fallback = None",
    "global shadow\nshadow = 1",
    "from os.path import *",
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hub_files(), st.lists(st.sampled_from(EXTRA_STATEMENTS), max_size=3, unique=True), st.data())
def test_the_facts_of_a_version_are_those_of_its_bytes(
    hub: tuple[bytes, tuple[str, ...]], extra: list[str], data: st.DataObject
) -> None:
    """``Versions`` puts a version's facts together from its statements; indexing it whole agrees."""
    source = hub[0] + "".join(f"\n\n{block}\n" for block in extra).encode()
    ctx = FileContext("app/hub.py", "app.hub", False, NameMap(()))
    after = source.replace(b"old_", b"new_").replace(b"A()", b"UserA()").replace(b"import B", b"import UserB")
    found = hunks(source, after)
    taken = data.draw(st.sets(st.sampled_from(range(len(found))))) if found else set()
    expected = facts_of_source(apply(source, [found[n] for n in sorted(taken)]), ctx)
    assert Versions(source, found, ctx).facts(taken) == expected


def test_the_dry_run_reads_the_migrated_files_from_the_indexes_the_workers_read(
    git_repo: RepoFactory,
) -> None:
    """The indexes that come back with the rewrites are those of the final bytes, and the
    references left after the plan are the same with them as with every file indexed again."""
    small = {
        f"app/use_{x}.py": f"from legacy.old_{x} import {x.upper()}\n\nVALUE = {x.upper()}()\n"
        for x in LETTERS
    }
    repo = git_repo(
        {
            **BASE,
            "app/hub.py": HUB,
            **small,
            "app/left.py": "import legacy.old_a as m\n\nX = getattr(m, 'A')\n",
        }
    )
    spec = load_spec(repo)
    result = scan(repo, spec)
    plan, indexed = plan_and_index(spec, result, workers=1)
    final = {str(edit.path): edit.after for commit in plan.commits for edit in commit.edits}
    assert {"app/hub.py", *small} <= set(indexed)
    for path, (data, info) in indexed.items():
        if final.get(path) == data:
            assert info == index_source(path, data, info.module, info.is_package)
    assert remaining_references(spec, result, plan, indexed) == remaining_references(spec, result, plan)


def test_rewriting_ahead_changes_no_plan(git_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of one legacy module are rewritten ahead in one batch; a file an earlier commit
    changes (a legacy module's own file becoming a redirect) or a string rerun changes is
    rewritten again in its turn, so the plan is the one made module by module."""
    spec = SPEC.replace('module = "legacy.old_a"', 'module = "legacy.old_a"\nredirect = true')
    files = {
        **BASE,
        "ssot.toml": spec,
        # old_a's own file uses old_b: old_a's redirect commit rewrites it before old_b's turn
        "legacy/old_a.py": "from legacy.old_b import B\n\n\nclass A(B):\n    pass\n\n\ndef make_a():\n    return A()\n",
        "app/hub.py": HUB,
        "app/use_b.py": "from legacy.old_b import B\n\nVALUE = B()\n",
        "app/use_c.py": "from legacy.old_c import make_c\n\nVALUE = make_c()\n",
        "tests/__init__.py": "",
        "tests/test_use.py": "from unittest import mock\n\nPATCH = mock.patch('app.use_b.B')\n",
    }
    repo = git_repo(files)
    loaded = load_spec(repo)
    result = scan(repo, loaded)
    with_ahead = plan_migration(loaded, result, workers=1)
    monkeypatch.setattr("ssot_refactor.plan.single_module_paths", lambda setups, chosen: {})
    assert plan_migration(loaded, result, workers=1) == with_ahead
    assert any("into a redirect" in commit.title for commit in with_ahead.commits)
