"""Timing and memory helpers: interleaved rounds, CPU and wall time of commands, peak RSS."""

from __future__ import annotations

import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One operation's time: the median of its rounds in CPU and wall seconds, and the spread."""

    cpu: float
    """Median CPU seconds (user + system) of a round."""
    wall: float
    """Median wall-clock seconds of a round."""
    cpu_low: float
    """The fastest round's CPU seconds."""
    cpu_high: float
    """The slowest round's CPU seconds."""

    @property
    def spread(self) -> float:
        """How far the slowest round is from the fastest, as a fraction of the median."""
        return (self.cpu_high - self.cpu_low) / self.cpu if self.cpu else 0.0


def _figure(cpu: list[float], wall: list[float]) -> Figure:
    return Figure(statistics.median(cpu), statistics.median(wall), min(cpu), max(cpu))


def interleaved(ops: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, Figure]:
    """CPU and wall seconds of each operation, the median of ``rounds`` rounds.

    Each round runs every operation once, in an order that rotates from round
    to round, so that a slow patch of the machine (another process, a
    thermal step) spreads over all of them instead of hitting one.  CPU time
    (``time.process_time``: user + system of this process) is what the
    ratios use: on a machine shared with other jobs, the wall time also
    counts the time spent waiting for a core.
    """
    names = list(ops)
    cpu: dict[str, list[float]] = {name: [] for name in names}
    wall: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            ops[name]()
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start)
    return {name: _figure(cpu[name], wall[name]) for name in names}


def processes(
    commands: Mapping[str, Sequence[str]],
    runs: int,
    *,
    env: Mapping[str, str] | None = None,
    stdout: Path | None = None,
) -> dict[str, Figure]:
    """CPU and wall seconds of each command, the median of ``runs`` interleaved runs.

    Like hyperfine's loop: a new process each time, after one warm-up round,
    output discarded (or written to ``stdout`` when given, the way a
    pipeline would).  The CPU time is the user + system time of the process
    and of every process it waited for (its workers), from ``os.wait4``.
    A command that fails is an error of the benchmark.
    """
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(runs + 1):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            argv = commands[name]
            with open(stdout or os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
                start = time.perf_counter()
                process = subprocess.Popen(argv, stdout=sink, stderr=errors, env=env)
                _, status, usage = os.wait4(process.pid, 0)
                elapsed = time.perf_counter() - start
                process.returncode = code = os.waitstatus_to_exitcode(status)
                if code != 0:
                    errors.seek(0)
                    raise SystemExit(
                        f"bench: {' '.join(argv)} exited {code}: {errors.read().decode()}"
                    )
            if round_:  # the first round warms the caches: disk, newsdoc's parser cache
                cpu[name].append(usage.ru_utime + usage.ru_stime)
                wall[name].append(elapsed)
    return {name: _figure(cpu[name], wall[name]) for name in names}


def peak_rss(argv: Sequence[str], *, stdout: Path | None = None) -> int:
    """Run a command; return its peak resident memory in bytes (see rss.py)."""
    helper = Path(__file__).with_name("rss.py")
    with tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "rss"
        with open(stdout or os.devnull, "wb") as sink:
            done = subprocess.run(
                [sys.executable, str(helper), str(result), *argv],
                stdout=sink,
                stderr=subprocess.PIPE,
            )
        if done.returncode != 0:
            raise SystemExit(
                f"bench: {' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}"
            )
        return int(result.read_text())


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split("\n", 1)[0].split()[1])
        memory = f"{kb / 1024**2:.0f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
    }


def parallel_capacity(runs: int = 3) -> float:
    """How many cores two CPU-bound processes get at once: 2.0 on an idle 2-core machine.

    The median over ``runs`` of the time of two short processes run one
    after the other, divided by their time run together.  On a machine
    shared with other jobs it tells how much the parallel figures could gain.
    """
    argv = [sys.executable, "-c", "s = 0\nfor i in range(3_000_000): s += i"]
    ratios = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True)
        subprocess.run(argv, check=True)
        serial = time.perf_counter() - start
        start = time.perf_counter()
        both = [subprocess.Popen(argv), subprocess.Popen(argv)]
        for process in both:
            process.wait()
        ratios.append(serial / (time.perf_counter() - start))
    return statistics.median(ratios)
