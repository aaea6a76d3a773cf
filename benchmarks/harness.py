"""The benchmark run: build the corpora, time every tool interleaved, check outputs, write results.

``python -m benchmarks --help`` lists the options. Tools run A B C D, A B C D, ... (``--repeat``)
so that load on a shared machine spreads over all of them; the ones that read the whole tree with
LibCST or Bowler come last. Each corpus gets an equal share of what is left of the budget. A tool past the per-run timeout is
killed, reported as ``timeout > Ns`` and not run again; a run that would start past the overall
budget is skipped and says so.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from benchmarks import corpus as real
from benchmarks import profile, report, synthetic, tools, wide
from benchmarks.measure import Measurement, run_measured
from benchmarks.quality import Quality, assess
from ssot_refactor.spec import load_spec

HERE = Path(__file__).resolve().parent
MIN_RUN_SECONDS = 5.0


@dataclass
class Budget:
    """Seconds left of ``--budget-seconds``; per-run timeouts shrink to fit."""

    seconds: float
    start: float = field(default_factory=time.perf_counter)

    def left(self) -> float:
        return self.seconds - (time.perf_counter() - self.start)

    #: seconds (from ``start``) by which the current corpus should be done; later corpora keep the rest
    share_end: float | None = None

    def timeout(self, wanted: float) -> float | None:
        """The timeout to use, or None when there is no time left for a run."""
        left = self.left()
        if self.share_end is not None:
            left = min(left, self.share_end - (time.perf_counter() - self.start))
        return None if left < MIN_RUN_SECONDS else min(wanted, left)

    def share(self, corpora_left: int) -> None:
        """Give the next corpus an equal part of what is left."""
        used = time.perf_counter() - self.start
        self.share_end = used + max(0.0, self.seconds - used) / max(1, corpora_left)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="2,000 modules, 1 repeat, mypy only (a few minutes)"
    )
    parser.add_argument("--modules", type=int, help="synthetic modules (default 20000; --quick 2000)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic generator seed (default 0)")
    parser.add_argument("--repeat", type=int, help="interleaved rounds (default 3; --quick 1)")
    parser.add_argument("--timeout", type=float, help="per-run timeout in seconds (default 180; --quick 90)")
    parser.add_argument(
        "--budget-seconds", type=float, default=840.0, help="stop starting runs after this (default 840)"
    )
    parser.add_argument(
        "--corpora", default="synthetic,wide,typing", help="comma list: synthetic, wide, typing"
    )
    parser.add_argument("--tools", default="", help="comma list of tool keys to run (default: all)")
    parser.add_argument(
        "--workdir", type=Path, help="where the corpora are built (default: a new temporary folder)"
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=HERE / ".cache", help="sdist cache (default benchmarks/.cache)"
    )
    parser.add_argument(
        "--results-dir", type=Path, default=HERE / "results", help="default benchmarks/results"
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter with ssot-refactor and libcst")
    parser.add_argument(
        "--bowler-python",
        action="append",
        default=[],
        help="interpreter with bowler (tried in order; default: --python, then pyenv 3.10)",
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profile of our diff")
    parser.add_argument(
        "--no-apply",
        action="store_true",
        help="skip the writing runs (ssot-refactor run, ruff --fix) that check output quality",
    )
    parser.add_argument("--table-mb", default="2,3.5,5", help="sizes of the generated data tables in MB")
    args = parser.parse_args(argv)
    args.modules = args.modules or (2000 if args.quick else 20000)
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.timeout = args.timeout or (90.0 if args.quick else 180.0)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    budget = Budget(args.budget_seconds)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ssot-bench-"))
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    out_dir = args.results_dir
    logs = out_dir / f"{stamp}-logs"
    bowler_py, bowler_note = tools.find_bowler_python(args.bowler_python or _bowler_candidates(args.python))
    ruff_exe = tools.find_ruff()
    results: dict[str, Any] = {
        "schema": "ssot-refactor/bench/1",
        "started_utc": stamp,
        "mode": "quick" if args.quick else "full",
        "args": {k: str(v) for k, v in vars(args).items()},
        "machine": _machine(),
        "notes": [bowler_note, _compile_packages(args.python)],
        "corpora": {},
        "runs": [],
        "quality": [],
        "profile": None,
    }
    wanted = {name for name in args.corpora.split(",") if name}
    if "synthetic" in wanted:
        budget.share(len(wanted & {"synthetic", "wide", "typing"}))
        corpus = _build_synthetic(workdir, args)
        _log(f"synthetic corpus: {corpus.info}")
        suite = [
            tools.ssot_diff(args.python),
            tools.ssot_check(args.python),
            tools.git_grep(),
            tools.libcst_grep(args.python),
            tools.libcst_whole(args.python),
        ]
        if bowler_py:
            suite.append(tools.bowler(bowler_py))
        _run_corpus(corpus, _selected(suite, args.tools), args, budget, logs, results)
        if not args.no_profile:
            results["profile"] = _profile(corpus, args, budget, out_dir, stamp)
    if "wide" in wanted:
        budget.share(len(wanted & {"wide", "typing"}))
        corpus = _build_wide(workdir)
        _log(f"wide corpus: {corpus.info}")
        suite = [
            tools.ssot_diff(args.python),
            tools.parse_floor(args.python),
            tools.ssot_check(args.python),
            tools.git_grep(),
            tools.libcst_grep(args.python),
        ]
        _run_corpus(corpus, _selected(suite, args.tools), args, budget, logs, results)
    if "typing" in wanted:
        budget.share(1)
        corpus = _build_typing(workdir, args)
        _log(f"typing corpus: {corpus.info}")
        suite = [tools.ssot_diff(args.python), tools.ssot_check(args.python), tools.git_grep()]
        if ruff_exe:
            suite.append(tools.ruff(ruff_exe))
        else:
            results["notes"].append("ruff not found next to the interpreter or on PATH")
        suite += [tools.libcst_grep(args.python), tools.libcst_whole(args.python)]
        _run_corpus(corpus, _selected(suite, args.tools), args, budget, logs, results)
    results["elapsed_s"] = round(budget.seconds - budget.left(), 1)
    md_path, json_path = (
        out_dir / f"{stamp}-{results['mode']}.md",
        out_dir / f"{stamp}-{results['mode']}.json",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown = report.render_markdown(results)
    md_path.write_text(markdown)
    print(markdown)
    _log(f"wrote {md_path} and {json_path}; corpora in {workdir}")
    return 0


#: the packages the measured Python tools run from: ours, and LibCST for the baselines
MEASURED_PACKAGES = ("ssot_refactor", "codemods", "libcst")


def _compile_packages(python: str) -> str:
    """Write the bytecode of the measured packages before any run; what was done, for the notes.

    pip compiles what it installs, and a Python run writes the bytecode of what it imports, so a
    user runs every tool from compiled modules. An editable checkout in an environment with
    ``PYTHONDONTWRITEBYTECODE`` set would instead compile every module of ours on every run (about
    0.1 s of CPU in each of the main process and the pool's forkserver), while LibCST, installed
    by pip, runs compiled. ``compileall`` writes the bytecode whatever that variable says.
    """
    script = (
        "import compileall, importlib, pathlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        folder = pathlib.Path(importlib.import_module(name).__file__).parent\n"
        "    except ImportError:\n"
        "        continue\n"
        "    compileall.compile_dir(folder, quiet=2)\n"
    )
    done = subprocess.run(
        [python, "-c", script, *MEASURED_PACKAGES], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return f"bytecode of {', '.join(MEASURED_PACKAGES)} not written: {done.stderr.strip()[-160:]}"
    return f"bytecode of {', '.join(MEASURED_PACKAGES)} written before the runs (compileall), as pip does"


# --------------------------------------------------------------------------- corpora


def _build_synthetic(workdir: Path, args: argparse.Namespace) -> tools.Corpus:
    root = workdir / f"synthetic-{args.modules}-{args.seed}"
    start = time.perf_counter()
    if (root / ".git").exists():
        info: dict[str, Any] = {"reused": True}
    else:
        info = _generate_in_child(root, args)
    info.update(modules=args.modules, seed=args.seed, build_s=round(time.perf_counter() - start, 1))
    pairs = tuple((old.replace(":", "."), new.replace(":", ".")) for old, new in synthetic.MAPPING.items())
    return tools.Corpus("synthetic", root, pairs, _head(root), info)


def _build_wide(workdir: Path) -> tools.Corpus:
    """One 5,000+ line hub importing 24 legacy modules, and 300 small importers (``benchmarks/wide.py``)."""
    root = workdir / "wide"
    start = time.perf_counter()
    info: dict[str, Any] = {"reused": True} if (root / ".git").exists() else wide.write_repository(root)
    info.update(build_s=round(time.perf_counter() - start, 1))
    pairs = tuple(
        sorted(
            (f"{legacy.module}.{name}", f"{canonical.module}.{canonical.name}")
            for legacy in load_spec(root).legacy
            for name, canonical in legacy.names
        )
    )
    return tools.Corpus("wide", root, pairs, _head(root), info)


def _generate_in_child(root: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Generate in a child process, so this one stays small.

    A measured child's ``ru_maxrss`` starts from the size of the process it was forked from.
    """
    table_mb = tuple(float(x) for x in args.table_mb.split(",") if x)
    code = (
        "import json, sys; from pathlib import Path; from benchmarks.synthetic import write_repository; "
        f"print(json.dumps(write_repository(Path(sys.argv[1]), {args.modules}, {args.seed}, {table_mb!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)], cwd=HERE.parent, check=True, capture_output=True, text=True
    )
    info: dict[str, Any] = json.loads(done.stdout)
    return info


def _build_typing(workdir: Path, args: argparse.Namespace) -> tools.Corpus:
    root = workdir / ("typing-quick" if args.quick else "typing")
    start = time.perf_counter()
    info = real.build_typing_repo(root, args.cache_dir, args.quick)
    info.update(
        source="sdists (pip download --no-deps --no-binary :all:)",
        build_s=round(time.perf_counter() - start, 1),
    )
    return tools.Corpus("typing", root, real.typing_pairs(), _head(root), info)


def _head(root: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


# --------------------------------------------------------------------------- runs


def _run_corpus(
    corpus: tools.Corpus,
    suite: list[tools.Tool],
    args: argparse.Namespace,
    budget: Budget,
    logs: Path,
    results: dict[str, Any],
) -> None:
    """Interleaved rounds over the suite, then the quality checks of the tools that only print."""
    results["corpora"][corpus.name] = corpus.info
    runs: list[dict[str, Any]] = results["runs"]
    timed_out: set[str] = set()
    for repeat in range(args.repeat):
        for tool in suite:
            if tool.key in timed_out:
                continue
            measurement = _run_one(tool, corpus, args, budget, logs, repeat)
            runs.append(measurement.as_dict())
            _log(_describe(measurement))
            if measurement.timed_out:
                timed_out.add(tool.key)
            if tool.writes:
                if repeat == 0 and measurement.returncode is not None:
                    results["quality"].append(_quality(corpus, tool.key, args, budget).as_dict())
                _reset(corpus)
    for key, argv in [] if args.no_apply else _appliers(corpus, args, suite):
        timeout = budget.timeout(args.timeout)
        if timeout is None:
            break
        applied = run_measured(
            argv, corpus.root, timeout=timeout, out_path=logs / f"{corpus.name}-{key}-apply.log"
        )
        if applied.timed_out:
            quality = Quality(key, corpus.name, note=f"writing run timed out > {timeout:.0f}s; not assessed")
        else:
            quality = _quality(corpus, key, args, budget)
        results["quality"].append(quality.as_dict())
        _reset(corpus)


def _run_one(
    tool: tools.Tool, corpus: tools.Corpus, args: argparse.Namespace, budget: Budget, logs: Path, repeat: int
) -> Measurement:
    timeout = budget.timeout(args.timeout)
    if timeout is None:
        return Measurement(
            tool.key, corpus.name, repeat, 0.0, 0.0, 0.0, None, False, 0.0, note="skipped: budget spent"
        )
    measured = run_measured(
        tool.argv(corpus),
        corpus.root,
        timeout=timeout,
        tool=tool.key,
        corpus=corpus.name,
        repeat=repeat,
        out_path=logs / f"{corpus.name}-{tool.key}-{repeat}.log",
    )
    if measured.returncode is not None and measured.returncode not in tool.ok_codes:
        tail = (
            (logs / f"{corpus.name}-{tool.key}-{repeat}.log")
            .read_text(errors="replace")
            .strip()
            .splitlines()[-1:]
        )
        return replace(measured, note=f"exit {measured.returncode}: {' '.join(tail)[:160]}")
    return measured


def _appliers(
    corpus: tools.Corpus, args: argparse.Namespace, suite: list[tools.Tool]
) -> list[tuple[str, list[str]]]:
    """Writing counterparts of the tools that only print: ``ssot-refactor run`` and ``ruff --fix``."""
    keys = {tool.key for tool in suite}
    found = []
    if "ssot-diff" in keys:
        found.append(
            ("ssot-diff", [args.python, "-m", "ssot_refactor", "run", "--stay", "--quiet", "--repo", "."])
        )
    ruff_exe = tools.find_ruff()
    if "ruff-up035" in keys and ruff_exe:
        found.append(
            (
                "ruff-up035",
                [
                    ruff_exe,
                    "check",
                    "--isolated",
                    "--no-cache",
                    "--select",
                    "UP035",
                    "--target-version",
                    "py310",
                    "--fix",
                    ".",
                ],
            )
        )
    return found


def _quality(corpus: tools.Corpus, key: str, args: argparse.Namespace, budget: Budget) -> Quality:
    quality = assess(corpus.root, corpus.base, key, corpus.name)
    timeout = budget.timeout(args.timeout)
    if timeout is not None:
        check = subprocess.run(
            [args.python, "-m", "ssot_refactor", "check", "--quiet", "--repo", "."],
            cwd=corpus.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check.returncode in (0, 1):
            quality.legacy_refs_left = sum(1 for line in check.stdout.splitlines() if line.strip())
        else:
            quality.note = f"check exit {check.returncode}: {check.stderr.strip()[-160:]}"
    return quality


def _reset(corpus: tools.Corpus) -> None:
    """Back to the base commit on ``main``: files, branches and notes the tools made are removed."""

    def git(*argv: str) -> str:
        return subprocess.run(
            ["git", *argv], cwd=corpus.root, check=True, capture_output=True, text=True
        ).stdout

    git("checkout", "-q", "-f", "main")
    git("reset", "-q", "--hard", corpus.base)
    git("clean", "-q", "-f", "-d")
    for ref in git("for-each-ref", "--format=%(refname)", "refs/heads", "refs/notes").split():
        if ref != "refs/heads/main":
            git("update-ref", "-d", ref)
    git("worktree", "prune")


def _profile(
    corpus: tools.Corpus, args: argparse.Namespace, budget: Budget, out_dir: Path, stamp: str
) -> object:
    py_spy = profile.find_py_spy()
    timeout = budget.timeout(args.timeout * 1.5)
    if py_spy is None or timeout is None:
        return {"note": "py-spy not found" if py_spy is None else "skipped: budget spent"}
    raw = out_dir / f"{stamp}-profile-{corpus.name}.txt"
    out_dir.mkdir(parents=True, exist_ok=True)
    argv = [args.python, "-m", "ssot_refactor", "diff", "--format", "json", "--quiet", "--repo", "."]
    problem = profile.record(py_spy, argv, corpus.root, raw, timeout)
    if problem:
        return {"note": problem}
    summary = profile.summarize(raw)
    summary["raw"] = raw.name
    return summary


# --------------------------------------------------------------------------- helpers


def _selected(suite: list[tools.Tool], keys: str) -> list[tools.Tool]:
    wanted = {k for k in keys.split(",") if k}
    return [tool for tool in suite if not wanted or tool.key in wanted]


def _bowler_candidates(python: str) -> list[str]:
    pyenv = sorted(Path.home().glob(".pyenv/versions/3.10.*/bin/python"))
    return [python, *map(str, pyenv)]


def _machine() -> dict[str, Any]:
    import os
    import platform

    engine = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "engine": engine or "unknown",
    }


def _describe(m: Measurement) -> str:
    if m.note:
        return f"  {m.corpus}/{m.tool} #{m.repeat}: {m.note}"
    if m.timed_out:
        return f"  {m.corpus}/{m.tool} #{m.repeat}: timeout > {m.timeout_s:.0f}s"
    return (
        f"  {m.corpus}/{m.tool} #{m.repeat}: wall {m.wall_s:.2f}s cpu {m.cpu_s:.2f}s peak {m.peak_mb:.0f} MB"
    )


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
