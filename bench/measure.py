"""Timing and memory helpers: interleaved rounds, wall time of commands, peak RSS."""

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
from pathlib import Path
from typing import Any


def interleaved(ops: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each operation over ``rounds`` rounds.

    Each round runs every operation once, in an order that rotates from round
    to round, so that a slow patch of the machine (another process, a
    thermal step) spreads over all of them instead of hitting one.
    """
    names = list(ops)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.perf_counter()
            ops[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def walls(
    commands: Mapping[str, Sequence[str]],
    runs: int,
    *,
    env: Mapping[str, str] | None = None,
    stdout: Path | None = None,
) -> dict[str, float]:
    """Median wall seconds of each command over ``runs`` interleaved runs, after one warm-up.

    Like hyperfine's loop: a new process each time, output discarded (or
    written to ``stdout`` when given, the way a pipeline would).  A command
    that fails is an error of the benchmark.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            with open(stdout or os.devnull, "wb") as sink:
                start = time.perf_counter()
                done = subprocess.run(argv, stdout=sink, stderr=subprocess.PIPE, env=env)
                elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise SystemExit(
                    f"bench: {' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}"
                )
            if round_:  # the first round warms the caches: disk, newsdoc's parser cache
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


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
