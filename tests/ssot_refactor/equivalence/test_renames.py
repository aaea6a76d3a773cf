"""``Renames.path``: the longest legacy dotted prefix wins, on dotted-name boundaries only."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import SETTINGS

from ssot_refactor.equivalence.renames import Renames
from ssot_refactor.model import FileContext, NameMap, is_dotted_name

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
