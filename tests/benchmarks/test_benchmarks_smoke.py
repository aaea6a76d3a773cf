"""The benchmark kit: the generator is deterministic and the harness runs end to end on a tiny repo.

No timing is asserted; these only guard against a broken ``python -m benchmarks``.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from support.paths import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import ssot_refactor
from benchmarks import harness, synthetic, wide
from benchmarks.measure import run_measured

TINY_TABLES = (0.01, 0.01)


def test_generator_same_seed_same_bytes_other_seed_other_bytes() -> None:
    first = synthetic.generate_files(120, 7, TINY_TABLES)
    assert first == synthetic.generate_files(120, 7, TINY_TABLES)
    assert first != synthetic.generate_files(120, 8, TINY_TABLES)


def test_generator_writes_every_legacy_form_and_only_the_broken_files_fail_to_parse() -> None:
    files = synthetic.generate_files(120, 0, TINY_TABLES)
    broken = sorted(path for path, text in files.items() if path.endswith(".py") and not _parses(text))
    assert broken == [
        "corp/scripts/bad_indent.py",
        "corp/scripts/conflicted.py",
        "corp/scripts/py2_report.py",
    ]
    text = "\n".join(files.values())
    for needle in (
        "import ExecutionEngine as Engine",
        "import corp.engine.legacy as legacy_engine",
        "except ImportError",
        "if TYPE_CHECKING:",
        "from ..legacy import",
        "from corp.engine import ExecutionEngine",
        'mock.patch("corp.engine.legacy.ExecutionEngine")',
        "from corp.engine.consolidated import EngineRegistry",
        "DEFAULT_TIMEOUT, EngineError, ExecutionEngine, create_engine",
        "from corp.engine import legacy",
    ):
        assert needle in text, needle


def test_measured_run_reports_exit_code_and_kills_at_the_timeout(tmp_path: Path) -> None:
    done = run_measured([sys.executable, "-c", "pass"], tmp_path, timeout=30, out_path=tmp_path / "a.log")
    assert (done.returncode, done.timed_out) == (0, False)
    slow = run_measured(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        tmp_path,
        timeout=0.5,
        out_path=tmp_path / "b.log",
    )
    assert (slow.returncode, slow.timed_out) == (None, True)
    assert slow.wall_s < 20


def test_harness_on_a_tiny_repository_writes_markdown_and_json(tmp_path: Path) -> None:
    results = tmp_path / "results"
    code = harness.main(
        [
            "--modules",
            "60",
            "--table-mb",
            "0.01",
            "--corpora",
            "synthetic",
            "--tools",
            "ssot-check,git-grep",
            "--repeat",
            "1",
            "--no-profile",
            "--timeout",
            "60",
            "--workdir",
            str(tmp_path / "work"),
            "--results-dir",
            str(results),
        ]
    )
    assert code == 0
    data = json.loads(next(results.glob("*.json")).read_text())
    ran = {(run["tool"], run["timed_out"], run["note"]) for run in data["runs"]}
    assert ran == {("ssot-check", False, ""), ("git-grep", False, "")}
    # the measured packages run compiled, as installed ones do
    assert any(
        note.startswith("bytecode of ssot_refactor, codemods, libcst written") for note in data["notes"]
    )
    assert next((Path(ssot_refactor.__file__).parent / "__pycache__").glob("workflow.*.pyc"), None)
    markdown = next(results.glob("*.md")).read_text()
    assert "| ssot-refactor check |" in markdown and "check within 10x of git grep" in markdown


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def test_wide_corpus_has_a_5000_line_hub_importing_20_legacy_modules_two_on_one_line() -> None:
    files = wide.generate_files()
    assert files == wide.generate_files()
    hub = files["wide/hub.py"]
    assert hub.count("\n") > 5000 and _parses(hub)
    imported = {
        module for module in range(wide.LEGACY_MODULES) if f"engine_{module:02d}" in hub.split("log =", 1)[0]
    }
    assert len(imported) >= 20
    assert any(
        line.startswith("from wide.legacy import engine_") and "," in line for line in hub.splitlines()
    )


def test_harness_runs_the_wide_corpus_and_the_parse_floor(tmp_path: Path) -> None:
    results = tmp_path / "results"
    code = harness.main(
        [
            "--corpora",
            "wide",
            "--tools",
            "parse-floor,git-grep",
            "--repeat",
            "1",
            "--no-profile",
            "--timeout",
            "120",
            "--workdir",
            str(tmp_path / "work"),
            "--results-dir",
            str(results),
        ]
    )
    assert code == 0
    data = json.loads(next(results.glob("*.json")).read_text())
    assert {(run["tool"], run["timed_out"]) for run in data["runs"]} == {
        ("parse-floor", False),
        ("git-grep", False),
    }
    assert data["corpora"]["wide"]["legacy_modules"] == wide.LEGACY_MODULES
