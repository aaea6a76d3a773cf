"""``Renames``: the longest legacy dotted prefix wins, on dotted-name boundaries only; modules
mapped into one another share one group token."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import SETTINGS

from ssot_refactor.equivalence.renames import Renames, module_groups
from ssot_refactor.model import FileContext, NameMap, Target, is_dotted_name

CTX = FileContext(
    path="app/consumer.py",
    module="app.consumer",
    is_package=False,
    name_map=NameMap.parse(
        {
            "app.old:Engine": "app.engine:UserEngine",
            "app.old:make": "app.engine:UserEngine.create",
            "app.old.sub:Engine": "app.other:Engine",
        }
    ),
    path_renames=(("app.old", "app.compat"), ("app", "application")),
)


def by_scanning(rules: tuple[tuple[str, str], ...], text: str) -> str:
    """The rule as first written: the first of the rules (longest first) that prefixes ``text``."""
    if not is_dotted_name(text):
        return text
    for legacy, canonical in rules:
        if text == legacy or text.startswith(legacy + "."):
            return canonical + text[len(legacy) :]
    return text


PARTS = st.sampled_from(["app", "old", "sub", "Engine", "make", "x", "Engine2", "ol", "1", ""])


@SETTINGS
@given(st.lists(PARTS, min_size=1, max_size=5))
def test_path_replaces_the_longest_legacy_prefix_as_a_scan_of_the_rules_did(parts: list[str]) -> None:
    renames = Renames.of(CTX)
    text = ".".join(parts)
    assert renames.path(text) == by_scanning(renames.paths, text)
    assert renames.string(text) == by_scanning(renames.string_paths, text)


def test_path_examples() -> None:
    renames = Renames.of(CTX)
    assert renames.path("app.old.Engine.run") == "app.engine.UserEngine.run"
    assert renames.path("app.old.sub.Engine") == "app.other.Engine"
    assert renames.path("app.old.other") == "app.compat.other"
    assert renames.path("app.oldx") == "application.oldx"
    assert renames.path("not a path") == "not a path"
    assert Renames.of(dataclasses.replace(CTX, path_renames=())).path("app.oldx") == "app.oldx"


def by_merging(name_map: NameMap) -> dict[str, str]:
    """The groups as first written: each pair's set merged with every group it meets."""
    groups: list[set[str]] = []
    for legacy, canonical in name_map:
        pair = {legacy.module, canonical.module}
        joined = [group for group in groups if group & pair]
        groups = [group for group in groups if not group & pair]
        groups.append(pair.union(*joined))
    return {module: "<" + "|".join(sorted(group)) + ">" for group in groups for module in group}


MODULES = st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "a.b", "z"])


@SETTINGS
@given(st.lists(st.tuples(MODULES, MODULES), max_size=12))
def test_module_groups_join_the_modules_mapped_into_one_another_as_merging_sets_did(
    pairs: list[tuple[str, str]],
) -> None:
    name_map = NameMap(tuple((Target(old, "Old"), Target(new, "New")) for old, new in pairs))
    ctx = dataclasses.replace(CTX, name_map=name_map)
    found = module_groups(ctx)
    assert len(found) == len(dict(found))  # each module once
    assert dict(found) == by_merging(name_map)


def test_module_groups_example() -> None:
    assert dict(module_groups(CTX)) == {
        "app.old": "<app.engine|app.old>",
        "app.engine": "<app.engine|app.old>",
        "app.old.sub": "<app.old.sub|app.other>",
        "app.other": "<app.old.sub|app.other>",
    }
