"""How many worker processes a run uses, decided without importing the process pool.

:mod:`newsdoc.io.pool` runs the work; this module holds what deciding to
start it needs, so that ``newsdoc check`` on a few files imports neither the
pool nor multiprocessing.  The sizes are read when a run starts (tests
lower them to exercise the pool on a few files).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import chain, islice
from typing import Final, TypeVar

__all__ = ["CHUNK", "PARALLEL_MIN", "default_jobs", "plan"]

CHUNK: Final = 64
"""Inputs per task sent to a worker: large enough to hide the cost of a task."""

PARALLEL_MIN: Final = 256
"""Start worker processes only for at least this many inputs: below it,
starting them costs more than they save."""

T = TypeVar("T")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def plan(items: Iterator[T], jobs: int | None) -> tuple[Iterator[T], int]:
    """The items again, and how many worker processes to check them with (1: none).

    Up to :data:`PARALLEL_MIN` items are read ahead: fewer means none.
    ``jobs`` None means one per core, looked up only when there are enough
    items to use them.
    """
    if jobs == 1:
        return items, 1
    head = list(islice(items, PARALLEL_MIN))
    if len(head) < PARALLEL_MIN:
        return iter(head), 1
    return chain(head, items), jobs or default_jobs()
