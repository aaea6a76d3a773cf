"""The tools compared, as argv builders: ours, LibCST's RenameCommand, Bowler, ruff and git grep.

Every command runs with the repository as its working directory. ``writes`` tools change files
in place (the harness resets the repository after them); the others only print.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DRIVERS = Path(__file__).with_name("drivers.py")
#: ``libcst.tool codemod`` exits 1 when some file failed (the corpora hold files that do not parse)
CODEMOD_OK = (0, 1)


@dataclass(frozen=True)
class Corpus:
    """A benchmark repository and its consolidation, as dotted ``legacy -> canonical`` pairs."""

    name: str
    root: Path
    pairs: tuple[tuple[str, str], ...]
    base: str  #: the commit every run starts from
    info: dict[str, object]

    @property
    def legacy_names(self) -> list[str]:
        return sorted({old.rsplit(".", 1)[-1] for old, _ in self.pairs})


@dataclass(frozen=True)
class Tool:
    """One contender: how to run it, whether it writes, which exit codes mean it worked."""

    key: str
    label: str
    argv: Callable[[Corpus], list[str]]
    writes: bool = False
    ok_codes: tuple[int, ...] = (0,)
    env: dict[str, str] | None = None


@dataclass(frozen=True)
class Interpreters:
    """The interpreters the tools run on (ours and LibCST share one; Bowler may need its own)."""

    ours: str = sys.executable
    bowler: str | None = None
    ruff: str | None = None


def _pair_args(corpus: Corpus) -> list[str]:
    return [f"{old}={new}" for old, new in corpus.pairs]


def ssot_diff(py: str) -> Tool:
    return Tool(
        "ssot-diff",
        "ssot-refactor diff --format json",
        lambda c: [py, "-m", "ssot_refactor", "diff", "--format", "json", "--quiet", "--repo", "."],
        ok_codes=(0, 1),
    )


def ssot_check(py: str) -> Tool:
    return Tool(
        "ssot-check",
        "ssot-refactor check",
        lambda c: [py, "-m", "ssot_refactor", "check", "--quiet", "--repo", "."],
        ok_codes=(0, 1),
    )


def libcst_whole(py: str) -> Tool:
    return Tool(
        "libcst-rename",
        "LibCST RenameCommand, whole tree (1 run per name)",
        lambda c: [py, str(DRIVERS), "libcst-rename", *_pair_args(c)],
        writes=True,
        ok_codes=CODEMOD_OK,
    )


def libcst_grep(py: str) -> Tool:
    return Tool(
        "libcst-rename-grep",
        "LibCST RenameCommand, git-grep files only",
        lambda c: [py, str(DRIVERS), "libcst-rename", "--grep", *_pair_args(c)],
        writes=True,
        ok_codes=CODEMOD_OK,
    )


def parse_floor(py: str) -> Tool:
    return Tool(
        "parse-floor",
        "ast.parse + LibCST parse of the git-grep files (floor)",
        lambda c: [py, str(DRIVERS), "parse-floor", *_pair_args(c)],
    )


def bowler(py: str) -> Tool:
    return Tool(
        "bowler",
        "Bowler select_var/select_module rename",
        lambda c: [py, str(DRIVERS), "bowler", *_pair_args(c)],
        writes=True,
    )


def ruff(exe: str, target: str = "py310") -> Tool:
    return Tool(
        "ruff-up035",
        f"ruff check --select UP035 --diff ({target})",
        lambda c: [
            exe,
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "UP035",
            "--target-version",
            target,
            "--diff",
            ".",
        ],
        ok_codes=(0, 1),
    )


def git_grep() -> Tool:
    def argv(corpus: Corpus) -> list[str]:
        words = [arg for name in corpus.legacy_names for arg in ("-e", name)]
        return ["git", "grep", "-l", "-w", *words, "--", "*.py", "*.pyi"]

    return Tool("git-grep", "git grep -l -w (floor)", argv, ok_codes=(0, 1))


def find_ruff() -> str | None:
    """``ruff`` next to the running interpreter, else on PATH."""
    beside = Path(sys.executable).with_name("ruff")
    return str(beside) if beside.exists() else shutil.which("ruff")


def find_bowler_python(candidates: Sequence[str]) -> tuple[str | None, str]:
    """The first interpreter that can ``import bowler``, and what happened with each tried."""
    notes = []
    for python in candidates:
        probe = subprocess.run(
            [python, "-c", "import bowler, fissix; print(bowler.__version__)"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            return python, f"bowler {probe.stdout.strip()} on {python}"
        notes.append(f"{python}: {(probe.stderr.strip().splitlines() or ['failed'])[-1]}")
    return None, "bowler unavailable: " + "; ".join(notes)
