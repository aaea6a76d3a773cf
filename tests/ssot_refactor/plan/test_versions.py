"""The stretches a cut file's versions are parsed in: no hunk may span a stretch's start."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from support.generated_modules import SETTINGS

from ssot_refactor.plan.diff import Hunk
from ssot_refactor.plan.versions import unspanned


def by_scanning(offsets: list[int], found: list[Hunk]) -> list[int]:
    """The rule as first written: every hunk tried against every offset."""
    return [at for at in offsets if not any(h.start < at < h.end for h in found)]


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=12)


@SETTINGS
@given(st.lists(st.integers(0, 80), max_size=20).map(sorted), SPANS)
def test_unspanned_keeps_the_offsets_no_hunk_spans_as_scanning_did(
    offsets: list[int], spans: list[tuple[int, int]]
) -> None:
    found = [Hunk(start, start + length, b"", frozenset(), frozenset()) for start, length in spans]
    assert unspanned(offsets, found) == by_scanning(offsets, found)


def test_unspanned_examples() -> None:
    found = [Hunk(10, 20, b"", frozenset(), frozenset()), Hunk(20, 20, b"x", frozenset(), frozenset())]
    assert unspanned([0, 10, 15, 20, 25], found) == [0, 10, 20, 25]  # a hunk's own ends are not spanned
    assert unspanned([0, 5], []) == [0, 5]
