"""Member uses the canonical class lacks: ``Legacy.attr`` and ``instance.attr`` are never renamed into an AttributeError."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner
from conftest import RepoFactory, diff_json, edited

from ssot_refactor.cli import main

SPEC = """
[migration]
name = "engines"

[[legacy]]
module = "core.old"
redirect = true

[legacy.names]
Engine = "core.new:UserEngine"
Bridge = "core.new:UserBridge"
{rules}
"""

LEGACY = """
class Engine:
    DEFAULT = 3

    def __init__(self, registry, bridge):
        self.registry = registry
        self.engine_state = {}

    @classmethod
    def build(cls):
        return cls(None, None)

    @classmethod
    def _init_from_factory(cls, registry):
        return cls(registry, None)

    @staticmethod
    def helper(value):
        return value

    @property
    def size(self):
        return 1

    def stats(self):
        return {}

    def flush(self):
        pass

    def run(self):
        return "legacy"


class Bridge:
    def __init__(self, url):
        self.url = url
"""

#: the canonical class has run() and the constructor, nothing else of the legacy class
CANONICAL = """
class UserEngine:
    def __init__(self, registry, bridge):
        self.registry = registry

    @classmethod
    def create(cls):
        return cls(None, None)

    def run(self):
        return "canonical"


class UserBridge:
    def __init__(self, url):
        self.url = url
"""


def files(
    consumer: str, *, rules: str = "", canonical: str = CANONICAL, extra: dict[str, str] | None = None
) -> dict[str, str]:
    return {
        "ssot.toml": SPEC.format(rules=rules),
        "core/__init__.py": "",
        "core/old.py": LEGACY,
        "core/new.py": canonical,
        "app/__init__.py": "",
        "app/use.py": consumer,
        **(extra or {}),
    }


def member_blocks(data: dict[str, object]) -> list[dict[str, object]]:
    return [b for b in data["blocked"] if str(b["what"]).startswith("uses of ")]  # type: ignore[attr-defined]


def redirect_planned(data: dict[str, object]) -> bool:
    return any("into a redirect" in c["title"] for c in data["commits"])  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- blocked shapes

BLOCKED_SHAPES = {
    "classmethod": ("from core.old import Engine\n\nengine = Engine.build()\n", "build", 3, "missing-method"),
    "private classmethod": (
        "from core.old import Engine\n\n\ndef make(registry):\n    return Engine._init_from_factory(registry)\n",
        "_init_from_factory",
        5,
        "missing-method",
    ),
    "staticmethod": (
        "from core.old import Engine\n\nvalue = Engine.helper(1)\n",
        "helper",
        3,
        "missing-method",
    ),
    "class attribute": (
        "from core.old import Engine\n\nlimit = Engine.DEFAULT * 2\n",
        "DEFAULT",
        3,
        "missing-member",
    ),
    "method as a value": (
        "from core.old import Engine\n\nbound = Engine.stats\n",
        "stats",
        3,
        "missing-member",
    ),
    "property of an instance": (
        "from core.old import Engine\n\nengine = Engine(1, 2)\nprint(engine.size)\n",
        "size",
        4,
        "missing-member",
    ),
    "method of a fresh instance": (
        "from core.old import Engine\n\nprint(Engine(1, 2).stats())\n",
        "stats",
        3,
        "missing-member",
    ),
    "attribute set by the legacy constructor": (
        "from core.old import Engine\n\n\ndef state():\n    engine = Engine(1, 2)\n    return engine.engine_state\n",
        "engine_state",
        6,
        "missing-member",
    ),
    "instance kept on self": (
        (
            "from core.old import Engine\n\n\nclass Service:\n    def __init__(self):\n        self.engine = Engine(1, 2)\n\n"
            "    def close(self):\n        self.engine.flush()\n"
        ),
        "flush",
        9,
        "missing-member",
    ),
    "annotated parameter": (
        "from core.old import Engine\n\n\ndef report(engine: Engine) -> dict:\n    return engine.stats()\n",
        "stats",
        5,
        "missing-member",
    ),
    "method inherited by a subclass": (
        "from core.old import Engine\n\n\nclass Mine(Engine):\n    def go(self):\n        return self.stats()\n",
        "stats",
        6,
        "missing-member",
    ),
    "super() in an override": (
        "from core.old import Engine\n\n\nclass Mine(Engine):\n    def flush(self):\n        super().flush()\n",
        "flush",
        6,
        "missing-member",
    ),
    "alias": ("from core.old import Engine as E\n\nengine = E.build()\n", "build", 3, "missing-method"),
    "module attribute": (
        "import core.old as legacy\n\nengine = legacy.Engine.build()\n",
        "build",
        3,
        "missing-method",
    ),
    "dotted module": ("import core.old\n\nengine = core.old.Engine.build()\n", "build", 3, "missing-method"),
}


@pytest.mark.parametrize("shape", sorted(BLOCKED_SHAPES))
def test_a_member_the_canonical_class_lacks_blocks_the_name_in_that_file(
    git_repo: RepoFactory, shape: str
) -> None:
    consumer, member, line, code = BLOCKED_SHAPES[shape]
    data = diff_json(git_repo(files(consumer)))
    assert "app/use.py" not in edited(data), "the file keeps its legacy import and its uses"
    (entry,) = member_blocks(data)
    assert entry["what"] == f"uses of core.old:Engine.{member} in 1 file(s)"
    assert f"defines no {member!r}" in str(entry["reason"]) and "AttributeError" in str(entry["reason"])
    (site,) = entry["sites"]  # type: ignore[misc]
    assert (site["path"], site["line"], site["code"]) == ("app/use.py", line, code)
    assert f"core.new:UserEngine defines no {member!r}" in site["message"]
    if code == "missing-method":  # called on the class: a rule can call something else instead
        assert f'name = "Engine.{member}"' in str(entry["unblock"]) and "canonical =" in str(entry["unblock"])
    else:
        assert "[[legacy.calls]]" not in str(entry["unblock"])
        assert f"define {member} on the canonical class" in str(entry["unblock"])
    assert not redirect_planned(data), "the redirect waits while a file needs the legacy class"
    assert any(str(b["what"]) == "redirect of core.old" for b in data["blocked"])  # type: ignore[attr-defined]


def test_a_call_rule_naming_another_callable_unblocks_a_classmethod(git_repo: RepoFactory) -> None:
    rules = '[[legacy.calls]]\nname = "Engine.build"\ncanonical = "core.new:UserEngine.create"\n'
    data = diff_json(git_repo(files("from core.old import Engine\n\nengine = Engine.build()\n", rules=rules)))
    assert member_blocks(data) == []
    diff = edited(data)["app/use.py"]
    assert "+engine = UserEngine.create()" in diff and "+from core.new import UserEngine" in diff
    assert redirect_planned(data)


def test_the_other_names_of_a_blocked_file_still_move(git_repo: RepoFactory) -> None:
    consumer = "from core.old import Bridge, Engine\n\nlimit = Engine.DEFAULT\nbridge = Bridge('ws://')\n"
    data = diff_json(git_repo(files(consumer)))
    diff = edited(data)["app/use.py"]
    assert "+bridge = UserBridge('ws://')" in diff and "Engine.DEFAULT" not in diff.replace(
        " limit = Engine.DEFAULT", ""
    )
    assert "+from core.new import UserBridge" in diff
    assert "from core.old import Engine" in diff  # kept for the blocked name
    (entry,) = member_blocks(data)
    assert entry["what"] == "uses of core.old:Engine.DEFAULT in 1 file(s)"


def test_a_member_neither_class_has_is_listed_apart_as_already_broken(git_repo: RepoFactory) -> None:
    data = diff_json(git_repo(files("from core.old import Engine\n\nvalue = Engine.missing_everywhere\n")))
    (entry,) = member_blocks(data)
    assert entry["what"] == "uses of core.old:Engine.missing_everywhere in 1 file(s) that are already broken"
    assert "fails before" not in str(entry["unblock"]) and "by hand" in str(entry["unblock"])
    (site,) = entry["sites"]  # type: ignore[misc]
    assert (
        site["code"] == "broken-member"
        and "neither core.old:Engine nor core.new:UserEngine" in site["message"]
    )
    assert "app/use.py" not in edited(data)


# --------------------------------------------------------------------------- members that exist

PRESENT = {
    "method of the body": ("def stats(self):\n        return {}", "print(Engine(1, 2).stats())"),
    "classmethod of the body": (
        "@classmethod\n    def build(cls):\n        return cls(None, None)",
        "Engine.build()",
    ),
    "class attribute": ("DEFAULT = 4", "print(Engine.DEFAULT)"),
    "annotated attribute": ("DEFAULT: int = 4", "print(Engine.DEFAULT)"),
    "property": ("@property\n    def size(self):\n        return 2", "print(Engine(1, 2).size)"),
    "nested class": ("class Config:\n        pass", "print(Engine.Config)"),
    "set on self": (
        "def configure(self):\n        self.engine_state = {}",
        "print(Engine(1, 2).engine_state)",
    ),
    "slots": ("__slots__ = ('registry', 'flushed')", "print(Engine(1, 2).flushed)"),
}


@pytest.mark.parametrize("kind", sorted(PRESENT))
def test_a_member_the_canonical_class_has_is_renamed(git_repo: RepoFactory, kind: str) -> None:
    member, use = PRESENT[kind]
    canonical = CANONICAL.replace("    def run(self):", f"    {member}\n\n    def run(self):", 1)
    data = diff_json(git_repo(files(f"from core.old import Engine\n\n{use}\n", canonical=canonical)))
    assert member_blocks(data) == [], data["blocked"]
    assert "+from core.new import UserEngine" in edited(data)["app/use.py"]


def test_members_of_bases_in_the_repository_dataclass_fields_and_module_assignments_count(
    git_repo: RepoFactory,
) -> None:
    canonical = """
        from dataclasses import dataclass

        from core.base import Base


        @dataclass
        class UserEngine(Base):
            registry: object
            bridge: object


        UserEngine.DEFAULT = 3


        class UserBridge:
            def __init__(self, url):
                self.url = url
    """
    base = "class Root:\n    def flush(self):\n        pass\n\n\nclass Base(Root):\n    def stats(self):\n        return {}\n"
    consumer = (
        "from core.old import Engine\n\nengine = Engine(1, 2)\nprint(engine.stats(), engine.flush(), engine.registry)\n"
        "print(Engine.DEFAULT, engine.__class__, Engine.__name__)\n"
    )
    data = diff_json(
        git_repo(files(consumer, canonical=textwrap.dedent(canonical), extra={"core/base.py": base}))
    )
    assert member_blocks(data) == [], data["blocked"]
    assert "+engine = UserEngine(1, 2)" in edited(data)["app/use.py"]


UNKNOWN = {
    "base outside the repository": "from collections import OrderedDict\n\n\nclass UserEngine(OrderedDict):",
    "__getattr__": "class UserEngine:\n    def __getattr__(self, name):\n        return name\n",
    "setattr": "class UserEngine:\n    def load(self, values):\n        for key in values:\n            setattr(self, key, 1)\n",
    "decorator": "from core.registry import register\n\n\n@register\nclass UserEngine:",
    "metaclass": "from core.registry import Meta\n\n\nclass UserEngine(metaclass=Meta):",
}


@pytest.mark.parametrize("kind", sorted(UNKNOWN))
def test_nothing_is_blocked_when_the_canonical_members_cannot_be_known(
    git_repo: RepoFactory, kind: str
) -> None:
    head = UNKNOWN[kind]
    canonical = (
        CANONICAL.replace("class UserEngine:", head, 1)
        if head.endswith(":")
        else (CANONICAL.replace("class UserEngine:\n", head.rstrip("\n") + "\n\n", 1))
    )
    registry = "def register(cls):\n    return cls\n\n\nclass Meta(type):\n    pass\n"
    data = diff_json(
        git_repo(
            files(
                "from core.old import Engine\n\nprint(Engine.DEFAULT)\n",
                canonical=canonical,
                extra={"core/registry.py": registry},
            )
        )
    )
    assert member_blocks(data) == [], data["blocked"]
    assert "+print(UserEngine.DEFAULT)" in edited(data)["app/use.py"]


def test_a_subclass_may_use_what_it_defines_and_what_the_canonical_class_has(git_repo: RepoFactory) -> None:
    consumer = (
        "from core.old import Engine\n\n\nclass Mine(Engine):\n    label = 'mine'\n\n"
        "    def go(self):\n        self.cache = {}\n        return self.run(), self.label, self.cache, self.extra()\n\n"
        "    def extra(self):\n        return super().run()\n\n"
        "    @staticmethod\n    def pure(self):\n        return self.anything\n"
    )
    data = diff_json(git_repo(files(consumer)))
    assert member_blocks(data) == [], data["blocked"]
    assert "+class Mine(UserEngine):" in edited(data)["app/use.py"]


def test_a_member_the_file_sets_itself_is_not_blocked(git_repo: RepoFactory) -> None:
    consumer = "from core.old import Engine\n\nengine = Engine(1, 2)\nengine.tag = 'x'\nprint(engine.tag)\n"
    data = diff_json(git_repo(files(consumer)))
    assert member_blocks(data) == []
    assert "+engine = UserEngine(1, 2)" in edited(data)["app/use.py"]


def test_a_shadowing_parameter_is_not_the_legacy_class(git_repo: RepoFactory) -> None:
    consumer = "from core.old import Engine\n\n\ndef make(Engine):\n    return Engine.build()\n\n\nplain = Engine(1, 2)\n"
    data = diff_json(git_repo(files(consumer)))
    assert member_blocks(data) == []
    assert "+plain = UserEngine(1, 2)" in edited(data)["app/use.py"]


def test_a_classmethod_result_is_not_assumed_to_be_an_instance(git_repo: RepoFactory) -> None:
    rules = '[[legacy.calls]]\nname = "Engine.build"\ncanonical = "core.new:UserEngine.create"\n'
    consumer = "from core.old import Engine\n\nthing = Engine.build()\nprint(thing.whatever)\n"
    data = diff_json(git_repo(files(consumer, rules=rules)))
    assert member_blocks(data) == []
    assert "+thing = UserEngine.create()" in edited(data)["app/use.py"]


# --------------------------------------------------------------------------- run, check and audit


def test_run_leaves_the_blocked_file_and_check_names_it(git_repo: RepoFactory) -> None:
    repo = git_repo(
        files(
            "from core.old import Engine\n\nengine = Engine.build()\n",
            extra={"app/other.py": "from core.old import Bridge\n\nbridge = Bridge('ws://')\n"},
        )
    )
    runner = CliRunner()
    done = runner.invoke(main, ["run", "--repo", str(repo), "--quiet"])
    assert done.exit_code == 0, done.output
    assert "BLOCKED uses of core.old:Engine.build" in " ".join(done.output.split())
    check = runner.invoke(main, ["check", "--repo", str(repo), "--quiet"])
    assert check.exit_code == 1 and "app/use.py:1" in check.output
    resumed = runner.invoke(main, ["diff", "--repo", str(repo), "--quiet"])
    assert resumed.exit_code == 1  # on main nothing is applied yet; the branch holds the commit


def test_audit_lists_private_members_the_canonical_class_lacks(git_repo: RepoFactory) -> None:
    repo = git_repo(
        files("from core.old import Engine\n\nengine = Engine._init_from_factory(1)\nprint(engine)\n")
    )
    result = CliRunner().invoke(main, ["audit", "--repo", str(repo), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (module,) = data["legacy_modules"]
    assert module["missing_in_canonical"]["Engine"] == [
        "DEFAULT",
        "_init_from_factory",
        "build",
        "flush",
        "helper",
        "size",
        "stats",
    ]
    (gap,) = data["instance_gaps"]
    assert [(m["name"], m["sites"]) for m in gap["missing"]] == [("_init_from_factory", ["app/use.py:3"])]


def test_a_name_rebound_to_something_else_is_no_longer_an_instance(git_repo: RepoFactory) -> None:
    consumer = (
        "from core.old import Engine\n\n\ndef go(items):\n    engine = Engine(1, 2)\n    engine = items[0]\n"
        "    print(engine.whatever)\n    for engine in items:\n        print(engine.other)\n\n\n"
        "class Service:\n    def __init__(self, fallback):\n        self.engine = Engine(1, 2)\n\n"
        "    def reset(self, other):\n        self.engine = other\n\n    def close(self):\n        self.engine.flush()\n"
    )
    data = diff_json(git_repo(files(consumer)))
    assert member_blocks(data) == [], data["blocked"]
    assert "+    engine = UserEngine(1, 2)" in edited(data)["app/use.py"]


def test_members_made_at_run_time_by_the_canonical_class_are_not_judged(git_repo: RepoFactory) -> None:
    canonical = CANONICAL.replace(
        "        self.registry = registry\n", "        object.__setattr__(self, 'registry', registry)\n", 1
    )
    data = diff_json(
        git_repo(files("from core.old import Engine\n\nprint(Engine(1, 2).stats())\n", canonical=canonical))
    )
    assert member_blocks(data) == []
