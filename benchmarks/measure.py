"""Measurement: run one command as a child process and record wall time, CPU time and peak memory.

CPU time is the child's user + system time including every descendant it waited for, read with
``os.wait4``. Pool workers started by a ``forkserver`` are not the child's own children and are
never waited for by it, so the process group is also sampled from ``/proc`` every 0.2 s (each
process's own CPU time and high-water resident set); the larger figure of the two is kept. Peak
memory is the largest resident set of any single process in the group. A run past its timeout
has its whole process group killed and is reported as a timeout, not waited for.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """One timed run of one tool."""

    tool: str
    corpus: str
    repeat: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int | None  #: None when killed at the timeout
    timed_out: bool
    timeout_s: float
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_measured(
    argv: Sequence[str],
    cwd: Path,
    *,
    timeout: float,
    out_path: Path,
    env: Mapping[str, str] | None = None,
    tool: str = "",
    corpus: str = "",
    repeat: int = 0,
) -> Measurement:
    """Run ``argv`` in its own process group, output to ``out_path``; measure it with ``os.wait4``."""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
        killed = threading.Event()
        cpu_at_kill: list[float] = []

        def kill() -> None:
            cpu_at_kill.append(group_cpu_seconds(proc.pid))
            killed.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, kill)
        sampler = GroupSampler(proc.pid)
        timer.start()
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if killed.is_set():
        _kill_group(proc.pid)  # pool workers left behind by the killed parent
    return Measurement(
        tool=tool,
        corpus=corpus,
        repeat=repeat,
        wall_s=round(wall, 3),
        cpu_s=round(max([usage.ru_utime + usage.ru_stime, sampler.cpu_seconds(), *cpu_at_kill]), 3),
        peak_mb=round(max(usage.ru_maxrss, sampler.peak_kb) / 1024, 1),
        returncode=None if killed.is_set() else proc.returncode,
        timed_out=killed.is_set(),
        timeout_s=timeout,
    )


class GroupSampler(threading.Thread):
    """Samples every process of a process group: own CPU ticks and ``VmHWM``, per pid, until stopped."""

    def __init__(self, pgid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pgid, self.interval = pgid, interval
        self.ticks: dict[int, int] = {}
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def sample(self) -> None:
        for pid, fields in _group_stats(self.pgid):
            self.ticks[pid] = max(self.ticks.get(pid, 0), int(fields[11]) + int(fields[12]))  # utime + stime
            self.peak_kb = max(self.peak_kb, _high_water_kb(pid))

    def cpu_seconds(self) -> float:
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def _group_stats(pgid: int) -> list[tuple[int, list[str]]]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # fields[2] is the process group (field 5 of proc(5))
            found.append((int(stat.parent.name), fields))
    return found


def _high_water_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by every live process of a process group (and its reaped children).

    A killed run's own rusage misses its workers, which die unreaped; this is its lower bound.
    """
    total = sum(sum(int(value) for value in fields[11:15]) for _, fields in _group_stats(pgid))  # u/s + cu/cs
    return total / os.sysconf("SC_CLK_TCK")


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
