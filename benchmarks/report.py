"""Results as markdown: per-corpus timing tables with ratios to ours, output quality, targets, profile."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

OURS = "ssot-diff"
LABELS = {
    "ssot-diff": "ssot-refactor diff --format json",
    "ssot-check": "ssot-refactor check",
    "libcst-rename": "LibCST RenameCommand, whole tree",
    "libcst-rename-grep": "LibCST RenameCommand, git-grep files",
    "bowler": "Bowler (select_var/select_module rename)",
    "ruff-up035": "ruff UP035 --diff",
    "git-grep": "git grep -l -w (floor)",
}


def summarize_runs(runs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Median wall/CPU and max peak per (corpus, tool); a timeout or skip wins over numbers."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for run in runs:
        grouped[(str(run["corpus"]), str(run["tool"]))].append(run)
    summary = {}
    for key, items in grouped.items():
        done = [r for r in items if not r["timed_out"] and not r["note"]]
        timeout = next((r for r in items if r["timed_out"]), None)
        failed = next((r for r in items if r["note"]), None)
        row: dict[str, Any] = {"n": len(done)}
        if done:
            row.update(
                wall=statistics.median(float(r["wall_s"]) for r in done),
                cpu=statistics.median(float(r["cpu_s"]) for r in done),
                peak=max(float(r["peak_mb"]) for r in done),
            )
        if timeout is not None:
            row.update(timeout=timeout["timeout_s"], cpu_at_kill=timeout["cpu_s"])
        if failed is not None:
            row["note"] = failed["note"]
        summary[key] = row
    return summary


def _fmt(value: object, digits: int = 2) -> str:
    return f"{float(value):.{digits}f}" if isinstance(value, (int, float)) else "–"


def _ratio(row: dict[str, Any], ours: dict[str, Any], field: str) -> str:
    if field not in ours or not ours[field]:
        return "–"
    if "timeout" in row and field not in row:
        bound = row["timeout"] if field == "wall" else row.get("cpu_at_kill", 0)
        return f"> {float(bound) / float(ours[field]):.1f}x"
    if field not in row:
        return "–"
    return f"{float(row[field]) / float(ours[field]):.2f}x"


def timing_table(corpus: str, summary: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    ours = summary.get((corpus, OURS), {})
    lines = [
        "| tool | wall s | CPU s | peak MB | wall vs ours | CPU vs ours | runs | note |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for (name, tool), row in summary.items():
        if name != corpus:
            continue
        wall = (
            _fmt(row.get("wall"))
            if "wall" in row
            else (f"timeout > {float(row['timeout']):.0f}s" if "timeout" in row else "–")
        )
        cpu = (
            _fmt(row.get("cpu"))
            if "cpu" in row
            else (f">= {float(row['cpu_at_kill']):.1f}" if "timeout" in row else "–")
        )
        lines.append(
            f"| {LABELS.get(tool, tool)} | {wall} | {cpu} | {_fmt(row.get('peak'), 0)} | "
            f"{_ratio(row, ours, 'wall')} | {_ratio(row, ours, 'cpu')} | {row['n']} | {row.get('note', '')} |"
        )
    return lines


def quality_table(corpus: str, quality: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| tool (writing) | files changed | no longer parse | pyflakes F401/F811/F821 before -> after | legacy refs left |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for q in quality:
        if q["corpus"] != corpus:
            continue
        before, after = q["pyflakes_before"], q["pyflakes_after"]
        counts = " / ".join(f"{before.get(c, 0)}->{after.get(c, 0)}" for c in ("F401", "F811", "F821"))
        label = "ssot-refactor run" if q["tool"] == OURS else LABELS.get(str(q["tool"]), str(q["tool"]))
        if q["tool"] == "ruff-up035":
            label = "ruff UP035 --fix"
        left = q["legacy_refs_left"] if q["legacy_refs_left"] is not None else "–"
        if q["note"]:
            lines.append(f"| {label} | {q['note']} | | | |")
            continue
        lines.append(f"| {label} | {q['changed_files']} | {len(q['unparsable_after'])} | {counts} | {left} |")
    return lines


def targets(results: dict[str, Any], summary: dict[tuple[str, str], dict[str, Any]]) -> list[str]:
    """The issue's targets, each met / missed / not measured, with the figures."""
    lines = ["| target | measured | verdict |", "| --- | --- | --- |"]
    synth = summary.get(("synthetic", OURS), {})
    modules = (
        results["corpora"].get("synthetic", {}).get("modules")
        if isinstance(results["corpora"], dict)
        else None
    )
    scale = "" if modules == 20000 else f" (at {modules} modules, not 20,000)"
    if "wall" in synth:
        lines.append(
            f"| diff on 20,000-module repo < 15 s wall | {synth['wall']:.1f} s{scale} | {_verdict(synth['wall'] < 15, scale)} |"
        )
        lines.append(
            f"| diff peak memory < 500 MB | {synth['peak']:.0f} MB (largest process){scale} | {_verdict(synth['peak'] < 500, scale)} |"
        )
    check, grep = summary.get(("synthetic", "ssot-check"), {}), summary.get(("synthetic", "git-grep"), {})
    if "wall" in check and "wall" in grep:
        ratio = check["wall"] / grep["wall"]
        lines.append(
            f"| check within 10x of git grep (wall) | {check['wall']:.2f} s vs {grep['wall']:.2f} s = {ratio:.1f}x | {_verdict(ratio <= 10, '')} |"
        )
    lines += _cpu_target(
        summary, "synthetic", "libcst-rename-grep", 30, "CPU >= 30x below RenameCommand on git-grep files"
    )
    wide, floor = summary.get(("wide", OURS), {}), summary.get(("wide", "parse-floor"), {})
    if "wall" in wide and "wall" in floor:
        ratio = wide["wall"] / floor["wall"]
        lines.append(
            f"| wide: dry run within 3x of parsing the changed files (wall) | {wide['wall']:.2f} s vs {floor['wall']:.2f} s = {ratio:.1f}x | {_verdict(ratio <= 3, '')} |"
        )
    lines += _cpu_target(
        summary, "typing", "libcst-rename", 50, "real code: CPU >= 50x below RenameCommand (whole tree)"
    )
    lines += _cpu_target(
        summary,
        "typing",
        "libcst-rename-grep",
        30,
        "real code: CPU >= 30x below RenameCommand on git-grep files",
    )
    return lines


def _cpu_target(
    summary: dict[tuple[str, str], dict[str, Any]], corpus: str, tool: str, factor: float, what: str
) -> list[str]:
    ours, other = summary.get((corpus, OURS), {}), summary.get((corpus, tool), {})
    if "cpu" not in ours or not other:
        return []
    if "cpu" in other:
        ratio = float(other["cpu"]) / float(ours["cpu"])
        return [
            f"| {what} | {other['cpu']:.1f} s vs ours {ours['cpu']:.1f} s = {ratio:.2f}x | {_verdict(ratio >= factor, '')} |"
        ]
    if "timeout" in other:
        ratio = float(other.get("cpu_at_kill", 0)) / float(ours["cpu"])
        verdict = "met (lower bound)" if ratio >= factor else "unknown: RenameCommand timed out"
        return [
            f"| {what} | RenameCommand timeout > {float(other['timeout']):.0f}s (CPU >= {float(other.get('cpu_at_kill', 0)):.1f} s) vs ours {ours['cpu']:.1f} s: > {ratio:.1f}x | {verdict} |"
        ]
    return []


def _verdict(ok: bool, scale: str) -> str:
    base = "met" if ok else "**missed**"
    return f"{base} (at this size)" if scale else base


def profile_section(prof: object) -> list[str]:
    if not isinstance(prof, dict):
        return []
    if "note" in prof:
        return ["", f"Profile: {prof['note']}"]
    lines = [
        "",
        f"### Where our time goes (py-spy, {prof['samples']} samples at 100 Hz, pool workers included)",
        "",
        "| stage | samples | % |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {n} | {pct} |" for name, n, pct in prof["stages"]]
    lines += ["", "| function (self time) | samples | % |", "| --- | ---: | ---: |"]
    lines += [f"| `{name}` | {n} | {pct} |" for name, n, pct in prof["self"]]
    lines += ["", "| function (inclusive) | samples | % |", "| --- | ---: | ---: |"]
    lines += [f"| `{name}` | {n} | {pct} |" for name, n, pct in prof["inclusive"]]
    return lines


def render_markdown(results: dict[str, Any]) -> str:
    summary = summarize_runs(results["runs"])
    machine = results["machine"]
    lines = [
        f"# ssot-refactor benchmark ({results['mode']}, {results['started_utc']} UTC)",
        "",
        (
            f"Machine: {machine['cpus']} CPUs, Python {machine['python']}, {machine['platform']}; "
            f"engine {machine.get('engine', 'unknown')}. "
            f"Elapsed {results.get('elapsed_s', '?')} s. Median of the completed runs; peak = largest single process."
        ),
        "",
    ]
    lines += [f"- {note}" for note in results["notes"]]
    for corpus, info in results["corpora"].items():
        lines += ["", f"## {corpus}", "", f"`{info}`", ""]
        lines += timing_table(corpus, summary)
        lines += ["", *quality_table(corpus, results["quality"])]
    lines += ["", "## Targets", "", *targets(results, summary)]
    lines += profile_section(results.get("profile"))
    return "\n".join(lines) + "\n"
