"""How many worker processes a run uses, decided without importing the process pool.

:mod:`newsdoc.io.pool` runs the work; this module holds what deciding to
start it needs, so that ``newsdoc check`` on a few files imports neither the
pool nor multiprocessing.  The sizes are read when a run starts (tests
lower them to exercise the pool on a few files).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from itertools import chain, islice
from typing import Final, NamedTuple, TypeVar

__all__ = [
    "CHUNK",
    "CHUNK_BYTES",
    "FILE_WORK",
    "MIN_WINDOW",
    "PARALLEL_MIN",
    "PARALLEL_WORK",
    "CpuSample",
    "cores",
    "cpu_sample",
    "default_jobs",
    "file_size",
    "free_cores",
    "plan",
]

CHUNK: Final = 64
"""Inputs per task sent to a worker: large enough to hide the cost of a task."""

CHUNK_BYTES: Final = 1 << 20
"""A task also ends once its files hold this many bytes, so that a few large
files are still spread over the workers."""

PARALLEL_MIN: Final = 256
"""With ``--jobs N`` (N > 1), start worker processes only for at least this
many inputs: below it, starting them costs more than they save."""

FILE_WORK: Final = 4096
"""The work of one file beside its bytes (opening, reading, printing, the
rules' per-file work), counted in bytes of text: measured by
``bench/run.py`` (a seed-sized file of 2.7 KB costs about what 6.8 KB of
one large file does)."""

PARALLEL_WORK: Final = 40 * 1024 * 1024
"""By default (no ``--jobs``), worker processes start only for at least this
much work (each file's bytes and :data:`FILE_WORK`): about 6,000 seed-sized
files, or 40 MB of large ones.  Below it, one process was as fast or faster
on a shared 2-core machine, where starting the pool and sending the work
cost more than the second core gave (see docs/performance.md, "Jobs")."""

T = TypeVar("T")


def cores() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


MIN_WINDOW: Final = 0.05
"""Seconds of the machine's CPU times the free cores are read from, at least."""


class CpuSample(NamedTuple):
    """The machine's CPU times (``/proc/stat``) and this process's, at one moment."""

    total: int
    """Every CPU's time, in clock ticks."""
    idle: int
    """Their idle time (idle and waiting for I/O), in clock ticks."""
    own: float
    """This process's CPU seconds."""
    wall: float
    """The monotonic clock, in seconds."""


def cpu_sample() -> CpuSample | None:
    """The CPU times now, or None where ``/proc/stat`` cannot be read (not Linux)."""
    try:
        with open("/proc/stat", "rb") as stat:
            fields = stat.readline().split()
        ticks = [int(value) for value in fields[1:]]
        return CpuSample(sum(ticks[:8]), ticks[3] + ticks[4], time.process_time(), time.monotonic())
    except (OSError, ValueError, IndexError):
        return None


def free_cores(since: CpuSample | None) -> float | None:
    """The cores free for this run since ``since``: the idle ones and the one it uses itself.

    Read from the machine's idle time over at least :data:`MIN_WINDOW`
    seconds (the window is waited out when shorter); None without samples.
    """
    if since is None:
        return None
    now = cpu_sample()
    if now is not None and now.wall - since.wall < MIN_WINDOW:
        time.sleep(MIN_WINDOW - (now.wall - since.wall))
        now = cpu_sample()
    if now is None or now.total <= since.total:
        return None
    idle = (os.cpu_count() or 1) * (now.idle - since.idle) / (now.total - since.total)
    own = (now.own - since.own) / (now.wall - since.wall)
    return max(0.0, idle) + min(1.0, max(0.0, own))


def default_jobs(since: CpuSample | None = None) -> int:
    """The default number of processes: the cores this process may use that are free.

    A core busy with other work gives a worker nothing (the benchmark
    measured a second process slower than one on a shared 2-core machine),
    so only the free cores count: those the machine left idle since
    ``since`` (a :func:`cpu_sample` taken when the run started reading its
    inputs), with the one this run was using; without a sample (not
    Linux), the cores less the 1-minute load average, rounded, as ``make
    -l`` does.  At least one, at most one per core.  (The load average lags:
    it still counts runs that ended a minute ago, such as the previous
    ``newsdoc`` run of a script or a benchmark.)
    """
    total = cores()
    free = free_cores(since)
    if free is None:
        try:
            free = total - os.getloadavg()[0]
        except (AttributeError, OSError):  # pragma: no cover - not on Unix
            free = total
    return max(1, min(total, int(free + 0.5)))


def file_size(path: str | os.PathLike[str] | None) -> int:
    """The size of a file in bytes (0 for standard input, or a file that cannot be looked at)."""
    if path is None:
        return 0
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def plan(
    items: Iterator[T], jobs: int | None, size: Callable[[T], int] | None = None
) -> tuple[Iterator[T], int]:
    """The items again, and how many worker processes to handle them with (1: none).

    With ``jobs`` None (the default: one per core), the items are read
    ahead until their work, each item's ``size`` in bytes and
    :data:`FILE_WORK`, reaches :data:`PARALLEL_WORK`; less work than that
    means one process.  With ``jobs`` > 1, up to :data:`PARALLEL_MIN` items
    are read ahead: fewer means one process.  The number of cores is looked
    up only when the work calls for workers.
    """
    if jobs == 1:
        return items, 1
    if jobs is None:
        started = cpu_sample()
        head: list[T] = []
        work = 0
        for item in items:
            head.append(item)
            work += FILE_WORK + (size(item) if size is not None else 0)
            if work >= PARALLEL_WORK:
                return chain(head, items), default_jobs(started)
        return iter(head), 1
    head = list(islice(items, PARALLEL_MIN))
    if len(head) < PARALLEL_MIN:
        return iter(head), 1
    return chain(head, items), jobs
