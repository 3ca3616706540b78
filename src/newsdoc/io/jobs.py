"""``--jobs``: parsing the option, its default, and the error of a dead worker.

Kept apart from :mod:`newsdoc.io.pool` because every command's parser needs
it: this module imports nothing beyond argparse and os, so that ``newsdoc
check`` on one file does not load the pool.
"""

from __future__ import annotations

import argparse
import os

__all__ = ["WorkerError", "default_jobs", "jobs_argument"]


class WorkerError(RuntimeError):
    """A worker process died: the run cannot go on."""


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def jobs_argument(value: str) -> int:
    """``--jobs``: a whole number from 1 (an argparse type)."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {jobs}")
    return jobs
