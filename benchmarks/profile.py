"""Where our time goes: sample ``ssot-refactor diff`` (and its pool workers) with py-spy.

py-spy's raw output (one collapsed stack per line, with a sample count) is folded into self and
inclusive sample counts per function and per stage (scan, index, codemods, LibCST parse /
metadata / visiting, equivalence check, rendering, pool plumbing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
STAGES = (
    ("equivalence check", "ssot_refactor/equivalence/"),
    ("ast index", "ssot_refactor/scan/index.py"),
    ("ast index", "ssot_refactor/scan/namespace.py"),
    ("ast index", "ssot_refactor/scan/records.py"),
    ("scan (read + prefilter)", "ssot_refactor/scan/scanner.py"),
    ("scan (read + prefilter)", "ssot_refactor/scan/files.py"),
    ("scan (read + prefilter)", "ssot_refactor/scan/prefilter.py"),
    ("scan (read + prefilter)", "ssot_refactor/scan/bindings.py"),
    ("render", "ssot_refactor/render/"),
    ("LibCST parse", "libcst/_parser/"),
    ("LibCST metadata", "libcst/metadata/"),
    ("LibCST visit/transform", "libcst/"),
    ("codemods (own code)", "codemods/"),
    ("git", "ssot_refactor/gitrepo.py"),
    ("pool plumbing", "multiprocessing/"),
    ("pool plumbing", "concurrent/"),
)


def find_py_spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def record(py_spy: str, argv: Sequence[str], cwd: Path, out: Path, timeout: float) -> str:
    """Sample ``argv`` and its children at 100 Hz into ``out`` (raw collapsed stacks)."""
    cmd = [
        py_spy,
        "record",
        "-o",
        str(out),
        "-f",
        "raw",
        "--subprocesses",
        "-r",
        "100",
        "--nonblocking",
        "--",
        *argv,
    ]
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"py-spy timed out after {timeout:.0f}s"
    return "" if out.exists() else (done.stderr.strip().splitlines() or ["py-spy failed"])[-1]


def _frame_key(frame: str) -> tuple[str, str]:
    """(function, short path); the path is empty for process labels (whose command line may hold ';')."""
    match = FRAME.match(frame.strip())
    if not match or frame.startswith("process ") or not match["file"]:
        return frame.strip(), ""
    path = match["file"]
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return match["func"], path


def summarize(raw: Path, top: int = 15) -> dict[str, object]:
    """Self and inclusive samples per function, and inclusive samples per stage (first match wins)."""
    self_count: Counter[str] = Counter()
    incl_count: Counter[str] = Counter()
    stage_count: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [key for key in map(_frame_key, stack.split(";")) if key[1]]
        if not frames:
            continue
        func, path = frames[-1]
        self_count[f"{func} ({path})"] += count
        for name in {f"{f} ({p})" for f, p in frames}:
            incl_count[name] += count
        stage_count[_stage(frames)] += count
    return {
        "samples": total,
        "stages": [(name, n, round(100 * n / total, 1)) for name, n in stage_count.most_common()]
        if total
        else [],
        "self": [(name, n, round(100 * n / total, 1)) for name, n in self_count.most_common(top)]
        if total
        else [],
        "inclusive": [(name, n, round(100 * n / total, 1)) for name, n in incl_count.most_common(top * 2)]
        if total
        else [],
    }


def _stage(frames: list[tuple[str, str]]) -> str:
    """The stage of the innermost frame that belongs to a known stage (LibCST leaf frames first)."""
    for func, path in reversed(frames):
        for name, marker in STAGES:
            if marker in path:
                if name.startswith("LibCST") and any("ssot_refactor/equivalence/" in p for _, p in frames):
                    return "equivalence check"
                return name
    return "other (startup, imports, click)"
