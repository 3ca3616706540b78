"""Worker processes for many files: tasks run in parallel, results come back in task order.

``newsdoc convert`` and ``newsdoc check`` hand chunks of files to a pool of
worker processes with :func:`ordered`, which keeps a bounded number of
chunks in flight (so memory stays flat however many files there are) and
gives the results back in the order of the tasks (so the output is the same
whatever the number of workers).

This module is imported by every command (for ``--jobs``), so it imports
nothing heavy at the top: multiprocessing is imported only to run a pool.
"""

from __future__ import annotations

import argparse
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Remote", "WorkerError", "default_jobs", "jobs_argument", "ordered"]

K = TypeVar("K")


class WorkerError(RuntimeError):
    """A worker process died: the run cannot go on."""


class Remote:
    """A task for a worker process: a module-level function and its (picklable) arguments.

    (A plain class: this module is imported by every start, and creating a
    NamedTuple class costs about a millisecond.)
    """

    __slots__ = ("args", "function")

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args


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


def _ignore_interrupts() -> None:
    import signal

    # Ctrl-C reaches the whole process group: the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Pending:
    """A task in flight: what the caller keeps beside it, and its future or local call."""

    __slots__ = ("call", "future", "key")

    def __init__(
        self, key: object, future: Future[Any] | None, call: Callable[[], Any] | None
    ) -> None:
        self.key = key
        self.future = future
        self.call = call


def ordered(
    tasks: Iterable[tuple[K, Remote | Callable[[], Any]]],
    jobs: int,
    window: int,
    prepare: Callable[[], object] | None = None,
) -> Iterator[tuple[K, Any]]:
    """Run each task and yield ``(key, result)`` in the order of the tasks.

    A :class:`Remote` task runs in one of ``jobs`` worker processes; any other
    task is a callable run in this process when its turn comes (for inputs
    that only this process can read, such as standard input, or that must
    stream).  ``key`` is whatever the caller wants back beside the result.
    At most ``window`` tasks are in flight (a few per worker keep each busy).  ``prepare`` runs here before the
    workers start: with the fork start method they inherit what it loaded.
    Raises :class:`WorkerError` when a worker dies.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forked = multiprocessing.get_start_method() == "fork"
    # What this process holds is left out of the workers' garbage
    # collections: they would walk it, and copy each page they touch.  (It is
    # given back at the end, unless the caller had frozen objects itself, as
    # the command line does to spare its collection at exit.)
    thaw = forked and not gc.get_freeze_count()
    if forked:
        if prepare is not None:
            prepare()
        gc.freeze()
    pool = ProcessPoolExecutor(jobs, initializer=_ignore_interrupts)
    pending: deque[_Pending] = deque()

    def drain(item: _Pending) -> tuple[K, Any]:
        key = cast(K, item.key)
        if item.call is not None:
            return key, item.call()
        assert item.future is not None
        try:
            return key, item.future.result()
        except BrokenProcessPool:
            raise WorkerError("a worker process died (killed, or out of memory?)") from None

    try:
        for key, task in tasks:
            if isinstance(task, Remote):
                pending.append(_Pending(key, pool.submit(task.function, *task.args), None))
            else:
                pending.append(_Pending(key, None, task))
            while len(pending) > window:
                yield drain(pending.popleft())
        while pending:
            yield drain(pending.popleft())
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
        if thaw:
            gc.unfreeze()
