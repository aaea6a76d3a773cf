"""The unified diff of an edit, as the plan shows it (pure; difflib only, so a pool worker can make it).

Made once per edit and kept: the JSON, the diff and the summary each ask for it. ``difflib``
spends about a tenth of a second on each diff of a 5,000-line module edited by each of many
commits, and the main process would make them one after the other while the pool's workers
are idle: the dry run hands the large edits to the workers (``unified_job``) and gives their
diffs to ``remember`` before the plan is rendered. The lines are the same either way.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

from ssot_refactor.model import FileEdit, Plan
from ssot_refactor.scan.records import decode_source

#: bytes (before and after together) from which an edit's diff is worth a worker's time
LARGE = 64_000

#: the diffs the pool made for the plan being rendered (``remember`` replaces them)
_KNOWN: dict[FileEdit, tuple[str, ...]] = {}


def diff_lines(edit: FileEdit) -> tuple[str, ...]:
    """Unified diff lines of one edit, git-style paths, made once."""
    known = _KNOWN.get(edit)
    return known if known is not None else _made(edit)


@functools.lru_cache(maxsize=256)
def _made(edit: FileEdit) -> tuple[str, ...]:
    return unified(edit.before, edit.after, str(edit.path))


def unified(before: bytes, after: bytes, path: str) -> tuple[str, ...]:
    """The unified diff of two versions of a file at ``path``."""
    return tuple(difflib.unified_diff(_text(before), _text(after), f"a/{path}", f"b/{path}", lineterm=""))


def unified_job(job: tuple[bytes, bytes, str]) -> tuple[str, ...]:
    """``unified`` on one job (a module-level function, so the pool can send it by name)."""
    return unified(*job)


def large_edits(plan: Plan) -> list[FileEdit]:
    """The plan's edits whose diff is worth a worker's time, each once."""
    edits = (edit for commit in plan.commits for edit in commit.edits)
    return list(dict.fromkeys(edit for edit in edits if len(edit.before) + len(edit.after) >= LARGE))


def remember(diffs: Iterable[tuple[FileEdit, tuple[str, ...]]]) -> None:
    """Keep the diffs made elsewhere for these edits, in place of those of an earlier plan."""
    _KNOWN.clear()
    _KNOWN.update(diffs)


def _text(data: bytes) -> list[str]:
    """Display lines of a file's bytes (decoded as Python would; line endings dropped)."""
    try:
        text = decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        text = data.decode("utf-8", "replace")
    return text.splitlines()
