"""Unit tests of the import plan's pure decisions in ``codemods/rewrite_imports/plan.py``."""

from __future__ import annotations

import libcst as cst

from codemods.rewrite_imports.plan import Binding, Occurrence, StatementPlan, later_duplicates

ENGINE: Binding = ("app.engine", "UserExecutionEngine", "UserExecutionEngine")
OTHER: Binding = ("app.engine", "UserExecutionEngine", "Engine")


def occurrence(binding: Binding, block: int, moved: bool) -> Occurrence:
    statement = cst.ImportFrom(module=cst.Name("app"), names=[cst.ImportAlias(name=cst.Name("x"))])
    alias = cst.ImportAlias(name=cst.Name(binding[1]))
    return Occurrence(statement, StatementPlan(), [alias], alias, binding, block, moved)


def test_a_moved_binding_after_the_same_binding_is_a_duplicate() -> None:
    first, moved = occurrence(ENGINE, 1, False), occurrence(ENGINE, 1, True)
    assert later_duplicates([first, moved]) == [(first, moved)]


def test_the_later_binding_goes_even_when_the_moved_one_comes_first() -> None:
    moved, existing = occurrence(ENGINE, 1, True), occurrence(ENGINE, 1, False)
    assert later_duplicates([moved, existing]) == [(moved, existing)]


def test_duplicates_the_file_already_had_are_left_alone() -> None:
    assert later_duplicates([occurrence(ENGINE, 1, False), occurrence(ENGINE, 1, False)]) == []


def test_another_block_or_another_local_name_is_no_duplicate() -> None:
    assert later_duplicates([occurrence(ENGINE, 1, True), occurrence(ENGINE, 2, True)]) == []
    assert later_duplicates([occurrence(ENGINE, 1, True), occurrence(OTHER, 1, True)]) == []


def test_every_later_repeat_is_a_duplicate_of_the_first() -> None:
    first = occurrence(ENGINE, 1, True)
    repeats = [occurrence(ENGINE, 1, False), occurrence(ENGINE, 1, True)]
    assert later_duplicates([first, *repeats]) == [(first, repeat) for repeat in repeats]
