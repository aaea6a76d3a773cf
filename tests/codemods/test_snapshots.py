"""Golden-file tests: every ``snapshots/<codemod>/<case>/`` directory is one test.

``<codemod>`` names a module in ``codemods/`` whose ``run(bytes, FileContext)`` is called, or
``pipeline`` for ``codemods.rewrite_source``. Files are compared as bytes, exactly.
``SSOT_UPDATE_SNAPSHOTS=1`` rewrites ``expected.py`` and ``warnings.txt`` instead of comparing.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from support.paths import SNAPSHOTS
from support.snapshots import load_context

from ssot_refactor.model import Edited, FileContext, FileResult, Unchanged

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

UPDATE = os.environ.get("SSOT_UPDATE_SNAPSHOTS") == "1"

Runner = Callable[[bytes, FileContext], FileResult]


def runner_for(codemod: str) -> Runner:
    """``codemods.rewrite_source`` for ``pipeline``, else ``codemods.<codemod>.run``."""
    if codemod == "pipeline":
        module = importlib.import_module("codemods")
        return module.rewrite_source  # type: ignore[no-any-return]
    return importlib.import_module(f"codemods.{codemod}").run  # type: ignore[no-any-return]


def output_of(result: FileResult, source: bytes) -> tuple[bytes, str]:
    """The file's bytes after the run and its findings, one ``str(finding)`` per line."""
    if isinstance(result, Edited):
        after = result.after
    elif isinstance(result, Unchanged):
        after = source
    else:
        pytest.fail(f"unexpected result {result!r}")
    return after, "".join(f"{finding}\n" for finding in result.findings)


def discover() -> list[Any]:
    """One pytest param per case directory, with id ``<codemod>/<case>``."""
    cases = sorted(path.parent for path in SNAPSHOTS.glob("*/*/input.py"))
    return [pytest.param(case, id=f"{case.parent.name}/{case.name}") for case in cases]


@pytest.mark.parametrize("case", discover())
def test_snapshot(case: Path) -> None:
    source = (case / "input.py").read_bytes()
    ctx = load_context(tomllib.loads((case / "spec.toml").read_text(encoding="utf-8")))
    run = runner_for(case.parent.name)
    after, warnings = output_of(run(source, ctx), source)
    expected_path, warnings_path = case / "expected.py", case / "warnings.txt"
    if UPDATE:
        expected_path.write_bytes(after)
        if warnings:
            warnings_path.write_text(warnings, encoding="utf-8", newline="")
        elif warnings_path.exists():
            warnings_path.unlink()
    expected = expected_path.read_bytes()
    assert after == expected
    expected_warnings = warnings_path.read_text(encoding="utf-8") if warnings_path.exists() else ""
    assert warnings == expected_warnings
    cst.parse_module(expected)
    again, _ = output_of(run(expected, ctx), expected)
    assert again == expected, "a second run changed expected.py"
    if case.name.startswith("noop_"):
        assert expected == source, "a no-op case must leave the file byte-identical"
