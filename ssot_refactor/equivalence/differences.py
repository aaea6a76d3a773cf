"""Verify stage: the safety check's differences, found statement by statement, with messages (pure)."""

from __future__ import annotations

import ast
import copy
import difflib
from dataclasses import dataclass
from typing import final

_NESTED_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def header(node: ast.AST) -> str:
    """The dump of a statement without its nested blocks."""
    shallow = copy.copy(node)
    for name in _NESTED_FIELDS:
        if isinstance(getattr(shallow, name, None), list):
            setattr(shallow, name, [])
    return ast.dump(shallow)


@final
class Difference(str):
    """One difference the safety check found: its message (``line N: ...``), and that line as data."""

    line: (
        int  #: the line the difference is reported at (of the input, or of the output for an added statement)
    )

    def __new__(cls, line: int, message: str) -> Difference:
        found = super().__new__(cls, message)
        found.line = line
        return found


@dataclass(frozen=True, slots=True)
class Sources:
    """The source lines of both sides, for quoting in messages."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    def quote(self, node: ast.AST, after: bool) -> str:
        """``line N: `text``` for the line a node starts on."""
        lines = self.after if after else self.before
        line = getattr(node, "lineno", 0)
        text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        text = text if len(text) <= 72 else text[:69] + "..."
        return f"line {line}: `{text}`"


def compare_blocks(before: list[ast.AST], after: list[ast.AST], sources: Sources) -> list[Difference]:
    """The differences between two statement lists, each naming a line."""
    matcher = difflib.SequenceMatcher(
        None, [ast.dump(s) for s in before], [ast.dump(s) for s in after], autojunk=False
    )
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for left, right in zip(before[i1:i2], after[j1:j2]):
                found.extend(compare_statements(left, right, sources))
        elif tag == "replace":
            found.append(
                Difference(
                    _line(before[i1]),
                    f"{sources.quote(before[i1], False)} differs in the output ({sources.quote(after[j1], True)})",
                )
            )
        elif tag == "delete":
            found.extend(
                Difference(_line(node), f"{sources.quote(node, False)} is missing from the output")
                for node in before[i1:i2]
            )
        else:
            found.extend(
                Difference(_line(node), f"output {sources.quote(node, True)} is not in the input")
                for node in after[j1:j2]
            )
    return found


def _line(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 0))


def compare_statements(before: ast.AST, after: ast.AST, sources: Sources) -> list[Difference]:
    """Descend into compound statements whose headers match; else report the statement."""
    if type(before) is type(after) and header(before) == header(after):
        found: list[Difference] = []
        for name in _NESTED_FIELDS:
            left, right = getattr(before, name, None), getattr(after, name, None)
            if isinstance(left, list) and isinstance(right, list):
                found.extend(compare_blocks(left, right, sources))
        if found:
            return found
    return [differs(before, after, sources)]


def differs(before: ast.AST, after: ast.AST, sources: Sources) -> Difference:
    """The message for a statement that changed; same text means a name now binds elsewhere."""
    left, right = sources.quote(before, False), sources.quote(after, True)
    if left.partition(" `")[2] == right.partition(" `")[2]:
        return Difference(
            _line(before), f"{left} reads or binds different names in the output (line {_line(after)})"
        )
    return Difference(_line(before), f"{left} differs in the output ({right})")
