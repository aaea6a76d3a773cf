"""The changed regions between a file and its rewrite, token by token (pure).

A line diff first, then a token diff inside each changed block of lines. The line diff is a
patience diff: lines that occur once in each version and in the same order anchor it, the
stretches between anchors are matched the same way, and only a stretch without such lines goes
to ``difflib``. A rewrite leaves almost every line as it was, so the stretches are a few lines
long; ``difflib`` alone on a 5,000-line module spends seconds on its repeated lines
(blank lines, ``return data``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
#: words, numbers, runs of blanks, line ends, and any other single byte
_TOKEN = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[ \t\f]+|\r?\n|.", re.DOTALL)
#: how deep the anchors are searched for again inside a stretch before ``difflib`` takes it
_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Hunk:
    """Bytes ``start:end`` of the original replaced by ``text``."""

    start: int
    end: int
    text: bytes
    removed: frozenset[bytes]  #: the words of the replaced bytes
    added: frozenset[bytes]  #: the words of the new bytes


def hunks(before: bytes, after: bytes) -> list[Hunk]:
    """The changed regions between two versions of a file, token by token, in file order."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    offsets = [0]
    for line in old:
        offsets.append(offsets[-1] + len(line))
    found: list[Hunk] = []
    for start, end, new_start, new_end in changed_blocks(old, new):
        found.extend(_token_hunks(b"".join(old[start:end]), b"".join(new[new_start:new_end]), offsets[start]))
    return found


def changed_blocks(old: Sequence[bytes], new: Sequence[bytes]) -> list[tuple[int, int, int, int]]:
    """``(start, end, new_start, new_end)`` of each block of lines that differs, in order."""
    pairs: list[tuple[int, int]] = []
    _match(old, 0, len(old), new, 0, len(new), pairs, 0)
    blocks = []
    i = j = 0
    for a, b in [*pairs, (len(old), len(new))]:
        if (a, b) != (i, j):
            blocks.append((i, a, j, b))
        i, j = a + 1, b + 1
    return blocks


def _match(
    a: Sequence[bytes],
    alo: int,
    ahi: int,
    b: Sequence[bytes],
    blo: int,
    bhi: int,
    out: list[tuple[int, int]],
    depth: int,
) -> None:
    """Append the matched line pairs of ``a[alo:ahi]`` and ``b[blo:bhi]`` to ``out``, in order."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        out.append((alo, blo))
        alo, blo = alo + 1, blo + 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi))
    if alo < ahi and blo < bhi:
        anchors = _anchors(a, alo, ahi, b, blo, bhi) if depth < _DEPTH else []
        if anchors:
            i, j = alo, blo
            for ai, bj in anchors:
                _match(a, i, ai, b, j, bj, out, depth + 1)
                out.append((ai, bj))
                i, j = ai + 1, bj + 1
            _match(a, i, ahi, b, j, bhi, out, depth + 1)
        else:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                out.extend((alo + i + k, blo + j + k) for k in range(size))
    out.extend(reversed(tail))


def _anchors(
    a: Sequence[bytes], alo: int, ahi: int, b: Sequence[bytes], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The lines that occur once on each side, kept in the longest run in the same order."""
    counts_a = Counter(a[alo:ahi])
    counts_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if counts_b[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(alo, ahi) if counts_a[a[i]] == 1 and a[i] in where_b]
    return _increasing(candidates)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (ordered by their first item) whose second items increase."""
    tails: list[int] = []  # the smallest second item ending an increasing run of each length
    ends: list[int] = []  # the index in ``pairs`` of that run's last pair
    previous = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            ends.append(n)
        else:
            tails[at], ends[at] = j, n
        previous[n] = ends[at - 1] if at else -1
    run = []
    n = ends[-1] if ends else -1
    while n != -1:
        run.append(pairs[n])
        n = previous[n]
    return run[::-1]


def _token_hunks(old: bytes, new: bytes, base: int) -> list[Hunk]:
    """The token-level changes of one changed block of lines starting at byte ``base``."""
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    starts = [0]
    for token in old_tokens:
        starts.append(starts[-1] + len(token))
    found = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i, i_end, j, j_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed = b"".join(old_tokens[i:i_end])
        added = b"".join(new_tokens[j:j_end])
        found.append(
            Hunk(
                base + starts[i],
                base + starts[i_end],
                added,
                frozenset(_WORD.findall(removed)),
                frozenset(_WORD.findall(added)),
            )
        )
    return found


def apply(before: bytes, found: Sequence[Hunk]) -> bytes:
    """``before`` with the given hunks applied."""
    out: list[bytes] = []
    at = 0
    for hunk in sorted(found, key=lambda h: (h.start, h.end)):
        out.append(before[at : hunk.start])
        out.append(hunk.text)
        at = hunk.end
    out.append(before[at:])
    return b"".join(out)
