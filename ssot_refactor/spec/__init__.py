"""Spec stage: load and validate the migration spec into frozen dataclasses (read-only).

The spec is looked up as ``--spec PATH``, else ``ssot.toml`` at the repository root, else
``[tool.ssot-refactor]`` in ``pyproject.toml``. Every error names the file, the key and, where
it can be found, the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ssot_refactor.errors import SpecError
from ssot_refactor.spec.types import (
    AWAIT_MODES,
    PYPROJECT_TABLE,
    SPEC_FILE,
    SPLIT_MODES,
    CallRule,
    LegacyModule,
    Migration,
    Spec,
)
from ssot_refactor.spec.validate import Checker

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "AWAIT_MODES",
    "PYPROJECT_TABLE",
    "SPEC_FILE",
    "SPLIT_MODES",
    "CallRule",
    "LegacyModule",
    "Migration",
    "Spec",
    "find_spec",
    "has_spec",
    "load_spec",
    "parse_spec",
    "parse_spec_text",
]


def find_spec(repo: Path, explicit: Path | None = None) -> tuple[Path, str]:
    """Return the spec file and the table prefix its keys live under ("" or tool.ssot-refactor)."""
    if explicit is not None:
        if not explicit.is_file():
            raise SpecError("spec file not found", path=str(explicit))
        return explicit, _prefix_of(explicit)
    candidate = repo / SPEC_FILE
    if candidate.is_file():
        return candidate, ""
    pyproject = repo / "pyproject.toml"
    if pyproject.is_file() and _has_tool_table(pyproject):
        return pyproject, PYPROJECT_TABLE
    raise SpecError(
        f"no migration spec: neither {SPEC_FILE} nor [{PYPROJECT_TABLE}] in pyproject.toml",
        path=str(repo),
        hint="write ssot.toml at the repository root or pass --spec PATH",
    )


def has_spec(repo: Path) -> bool:
    """True when ``repo`` holds a spec at one of the default places."""
    pyproject = repo / "pyproject.toml"
    return (repo / SPEC_FILE).is_file() or (pyproject.is_file() and _has_tool_table(pyproject))


def load_spec(repo: Path, explicit: Path | None = None) -> Spec:
    """Find, parse and validate the spec of the repository at ``repo``."""
    path, prefix = find_spec(repo, explicit)
    return parse_spec_text(_read_text(path), source=str(path), prefix=prefix)


def parse_spec_text(text: str, *, source: str, prefix: str = "") -> Spec:
    """Parse and validate spec text (``prefix``: the table it lives under, for ``pyproject.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise SpecError(f"invalid TOML: {_first_line(str(exc))}", path=source, line=line) from None
    if prefix:
        data = data.get("tool", {}).get("ssot-refactor", {})
    return parse_spec(data, source=source, text=text, prefix=prefix)


def parse_spec(data: Mapping[str, Any], *, source: str, text: str = "", prefix: str = "") -> Spec:
    """Validate already-parsed TOML data; ``text`` lets errors carry line numbers."""
    checker = Checker(source, text, prefix)
    return checker.spec(data)


def _prefix_of(path: Path) -> str:
    return PYPROJECT_TABLE if path.name == "pyproject.toml" else ""


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(_read_text(pyproject))
    except tomllib.TOMLDecodeError:
        return False
    return isinstance(data.get("tool"), dict) and "ssot-refactor" in data["tool"]


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path=str(path)) from None
    except OSError as exc:
        raise SpecError(f"cannot read spec ({exc.strerror})", path=str(path)) from None


def _first_line(message: str) -> str:
    return message.splitlines()[0] if message else message


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
