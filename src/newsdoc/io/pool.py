"""An ordered process pool: run work in worker processes, get the results in input order.

``check --jobs``, ``report --jobs`` and ``convert --jobs`` all go through
:func:`map_in_chunks`, so their output is the same whatever the number of
processes: results come back in the order of the inputs, and at most a
window of tasks is in flight, so memory stays flat however many inputs there
are.  It groups the inputs into chunks (:data:`newsdoc.io.jobs.CHUNK`), runs
the inputs that must stay in this process (standard input, an input that
could not be found) at their turn, warms this process up before the workers
are forked, and says what to do when a worker dies.

The work function and the inputs must be picklable (module-level functions,
plain data) so that this runs the same under the fork, forkserver and spawn
start methods.  A ``context`` (settings, a baseline...) is sent once to each
worker when it starts, not with every task.

Only the commands that start workers import this module (``check`` decides
with :func:`newsdoc.io.jobs.plan` first), and multiprocessing is imported
only to run a pool.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, Final, TypeVar

from . import jobs as _jobs
from .errors import WorkerError

__all__ = ["RETRY", "WorkerError", "map_in_chunks", "ordered_map"]

RETRY: Final = "run again, or with --jobs 1"
"""What the message of a dead worker advises."""

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")


def _never(item: object) -> bool:
    return False


def map_in_chunks(
    work: Callable[[C, T], R],
    context: C,
    items: Iterable[T],
    jobs: int | None = 1,
    *,
    local: Callable[[T], bool] = _never,
    warm: Callable[[], object] | None = None,
    discards_output: bool = False,
    chunk: int | None = None,
    parallel_min: int | None = None,
    size: Callable[[T], int] | None = None,
) -> Iterator[tuple[T, R]]:
    """Yield ``(item, work(context, item))`` for each item, in item order.

    Consecutive items go to the workers in chunks of ``chunk`` (default
    :data:`~newsdoc.io.jobs.CHUNK`); an item that ``local`` picks is run in
    this process, at its turn.  Workers start only for at least
    ``parallel_min`` items (default :data:`~newsdoc.io.jobs.PARALLEL_MIN`;
    local ones do not count) and ``jobs`` > 1; ``jobs`` None means one per
    core, looked up only then.  ``warm`` is called once before the workers
    are forked, so that they inherit what it builds (the parser) instead of
    each building it.

    With ``jobs`` None and no ``parallel_min``, whether to start workers
    is decided by the amount of work (:func:`newsdoc.io.jobs.plan`: the
    number of items and their bytes, given by ``size``); ``size`` also ends
    a chunk once its items hold :data:`~newsdoc.io.jobs.CHUNK_BYTES`.

    Raises :class:`WorkerError` when a worker process dies; its message
    advises running again, and with ``discards_output`` says first that the
    output was not written.
    """
    count = _jobs.CHUNK if chunk is None else chunk
    if jobs is None and parallel_min is None:
        items, jobs = _jobs.plan(iter(items), None, size)
        minimum = 0
    else:
        minimum = _jobs.PARALLEL_MIN if parallel_min is None else parallel_min
    # With one process, chunks are still worth making: finding 64 files,
    # then working on them, keeps each phase's code and data in the CPU's
    # caches (working on each file as it is found took 5% more time).  Their
    # sizes are not: they only spread work over workers (a stat per file).
    sizes = None if jobs == 1 else size
    try:
        for group, results in ordered_map(
            _run_chunk,
            (work, context),
            _chunks(items, count, local, sizes),
            jobs,
            local=lambda group: local(group[0]),
            size=len,
            parallel_min=minimum,
            warm=warm,
        ):
            if results is None:
                results = [work(context, item) for item in group]
            yield from zip(group, results, strict=True)
    except WorkerError as error:
        lost = "the output was not written: " if discards_output else ""
        raise WorkerError(f"{error}; {lost}{RETRY}") from None


def _chunks(
    items: Iterable[T],
    count: int,
    local: Callable[[T], bool],
    size: Callable[[T], int] | None = None,
) -> Iterator[list[T]]:
    """Consecutive items in chunks of ``count``, or fewer holding ``CHUNK_BYTES``; local items alone."""
    chunk: list[T] = []
    held = 0
    limit = _jobs.CHUNK_BYTES
    for item in items:
        if not local(item):
            chunk.append(item)
            if size is not None:
                held += size(item)
            if len(chunk) == count or held >= limit:
                yield chunk
                chunk, held = [], 0
            continue
        if chunk:
            yield chunk
            chunk, held = [], 0
        yield [item]
    if chunk:
        yield chunk


def _run_chunk(bound: tuple[Callable[[C, T], R], C], chunk: list[T]) -> list[R]:
    """Run the work on each item of a chunk: the task a worker process runs."""
    work, context = bound
    return [work(context, item) for item in chunk]


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
    jobs: int | None,
    *,
    local: Callable[[T], bool] = _never,
    size: Callable[[T], int] = lambda task: 1,
    parallel_min: int = _jobs.PARALLEL_MIN,
    warm: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(task, work(context, task))`` for each task, in task order.

    With ``jobs`` > 1 (None: one per core) and tasks whose ``size`` adds up
    to at least ``parallel_min``, the work runs in ``jobs`` worker
    processes, with at most ``4 * jobs`` tasks in flight; otherwise in this
    process.  Tasks that ``local`` picks are yielded as ``(task, None)`` at
    their turn, for the caller to run here.  ``warm`` is called once before
    workers are forked.

    Raises :class:`WorkerError` when a worker process dies (the callers add
    what it means for their output).
    """
    stream = iter(tasks)
    if jobs is None or jobs > 1:
        head: list[T] = []
        count = 0
        for task in stream:
            head.append(task)
            count += 0 if local(task) else size(task)
            if count >= parallel_min:
                jobs = jobs or _jobs.default_jobs()
                if jobs > 1:
                    yield from _parallel(work, context, chain(head, stream), jobs, local, warm)
                    return
                break
        stream = chain(head, stream)
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
