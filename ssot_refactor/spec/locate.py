"""Spec: the line of a key in the spec's TOML text, for error messages (pure)."""

from __future__ import annotations

import re


class Locator:
    """Finds the line of a key such as ``legacy[1].names.ExecutionEngine`` in the TOML text.

    tomllib keeps no positions, so this follows table headers the way a reader does: good
    enough for the tables and keys of our own spec format, and None when unsure.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r'^\s*("?)([A-Za-z0-9_.-]+)\1\s*=')

    def __init__(self, text: str, prefix: str) -> None:
        self.lines = text.splitlines()
        self.prefix = f"{prefix}." if prefix else ""

    def line_of(self, key: str) -> int | None:
        parts = re.findall(r"[^.\[\]]+|\[\d+\]", key)
        table, index, sub, rest = self._split(parts)
        start, end = self._table_span(table, index, sub)
        if start is None and index is not None and table != "legacy":
            start, end = self._table_span("legacy", index, 0)
            rest = []
        if start is None:
            return None
        if not rest:
            return start + 1
        for number in range(start + 1, end):
            match = self._KEY.match(self.lines[number])
            if match and match.group(2) == rest[0]:
                return number + 1
        return start + 1

    @staticmethod
    def _split(parts: list[str]) -> tuple[str, int | None, int, list[str]]:
        """(table, legacy index, index of the table within that legacy entry, remaining keys)."""
        if parts[:1] == ["legacy"] and len(parts) > 1 and parts[1].startswith("["):
            index, rest = int(parts[1][1:-1]), parts[2:]
            if rest[:1] == ["names"]:
                return "legacy.names", index, 0, rest[1:]
            if rest[:1] == ["calls"] and len(rest) > 1 and rest[1].startswith("["):
                return "legacy.calls", index, int(rest[1][1:-1]), rest[2:]
            return "legacy", index, 0, rest
        if parts[:1] == ["migration"]:
            return "migration", None, 0, parts[1:]
        return (parts[0] if parts else ""), None, 0, []

    def _table_span(self, table: str, index: int | None, sub: int) -> tuple[int | None, int]:
        headers = []
        for number, line in enumerate(self.lines):
            match = self._HEADER.match(line)
            if match:
                headers.append((number, match.group(2).strip().removeprefix(self.prefix)))
        legacy_seen, sub_seen = -1, -1
        for position, (number, name) in enumerate(headers):
            if name == "legacy":
                legacy_seen, sub_seen = legacy_seen + 1, -1
            if name == table:
                sub_seen += 1
            if (
                name == table
                and (index is None or legacy_seen == index)
                and (index is None or sub_seen == sub)
            ):
                end = headers[position + 1][0] if position + 1 < len(headers) else len(self.lines)
                return number, end
        return None, len(self.lines)
