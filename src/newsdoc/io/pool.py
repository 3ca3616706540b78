"""An ordered process pool: run tasks in worker processes, get the results in task order.

``convert --jobs``, ``check --jobs`` and ``report --jobs`` all use :func:`ordered_map`, so
their output is the same whatever the number of processes: results come
back in the order of the tasks, and at most a window of tasks is in flight,
so memory stays flat however many tasks there are.

The work function and the tasks must be picklable (module-level functions,
plain data) so that this runs the same under the fork, forkserver and spawn
start methods.  A ``context`` (settings, a baseline...) is sent once to each
worker when it starts, not with every task.

Only ``--jobs`` commands import this module, and multiprocessing is imported
only to run a pool: the command line imports this module without cost.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, Final, TypeVar

from .errors import WorkerError

__all__ = ["CHUNK", "PARALLEL_MIN", "WorkerError", "default_jobs", "ordered_map"]

CHUNK: Final = 64
"""Files per task sent to a worker: large enough to hide the cost of a task."""

PARALLEL_MIN: Final = 256
"""Start worker processes only for at least this many files: below it,
starting them costs more than they save."""

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


_context: Any = None
"""In a worker process: the context given to :func:`ordered_map`."""


def _start_worker(context: Any) -> None:
    import signal

    global _context
    _context = context
    # Ctrl-C reaches the whole process group: the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(work: Callable[[Any, T], R], task: T) -> R:
    return work(_context, task)


def ordered_map(
    work: Callable[[C, T], R],
    context: C,
    tasks: Iterable[T],
    jobs: int,
    *,
    local: Callable[[T], bool] = lambda task: False,
    size: Callable[[T], int] = lambda task: 1,
    parallel_min: int = PARALLEL_MIN,
    warm: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(task, work(context, task))`` for each task, in task order.

    With ``jobs`` > 1 and tasks whose ``size`` adds up to at least
    ``parallel_min``, the work runs in ``jobs`` worker processes, with at
    most ``4 * jobs`` tasks in flight; otherwise in this process.  Tasks
    that ``local`` picks (reading standard input, streaming a file) are
    yielded as ``(task, None)`` at their turn, for the caller to run here.
    ``warm`` is called once before workers are forked, so that they inherit
    what it builds (the parser) instead of each building it.

    Raises :class:`WorkerError` when a worker process dies (the callers add
    what it means for their output).
    """
    stream = iter(tasks)
    if jobs > 1:
        head: list[T] = []
        count = 0
        for task in stream:
            head.append(task)
            count += 0 if local(task) else size(task)
            if count >= parallel_min:
                yield from _parallel(work, context, chain(head, stream), jobs, local, warm)
                return
        stream = iter(head)
    for task in stream:
        yield task, None if local(task) else work(context, task)


def _parallel(
    work: Callable[[C, T], R],
    context: C,
    tasks: Iterator[T],
    jobs: int,
    local: Callable[[T], bool],
    warm: Callable[[], object] | None,
) -> Iterator[tuple[T, R | None]]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    window = 4 * jobs
    forked = multiprocessing.get_start_method() == "fork"
    # What this process holds is left out of the workers' garbage
    # collections: they would walk it, and copy each page they touch.  (It is
    # given back at the end, unless the caller had frozen objects itself, as
    # the command line does to spare its collection at exit.)
    thaw = forked and not gc.get_freeze_count()
    if forked:
        if warm is not None:
            warm()
        gc.freeze()
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(context,))
    pending: deque[tuple[T, Future[R] | None]] = deque()

    def drain() -> tuple[T, R | None]:
        task, future = pending.popleft()
        if future is None:
            return task, None
        try:
            return task, future.result()
        except BrokenProcessPool:
            raise WorkerError("a worker process died (killed, or out of memory?)") from None

    try:
        for task in tasks:
            pending.append((task, None if local(task) else pool.submit(_call, work, task)))
            while len(pending) > window:
                yield drain()
        while pending:
            yield drain()
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)
        if thaw:
            gc.unfreeze()
