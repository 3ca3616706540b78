"""An ordered process pool: run work in worker processes, get the results in input order.

``check --jobs``, ``report --jobs`` and ``convert --jobs`` all go through
:func:`map_in_chunks`, so their output is the same whatever the number of
processes: results come back in the order of the inputs, and at most a
window of tasks is in flight, so memory stays flat however many inputs there
are.  It groups the inputs into chunks (:data:`newsdoc.io.jobs.CHUNK`), runs
the inputs that must stay in this process (standard input, an input that
could not be found) at their turn, warms this process up before the workers
are forked, and deals with workers that die.

A worker that dies (the OOM killer, SIGKILL, SIGTERM, a crash) is noticed at
once: each worker has its own pipe, and the main process waits on the pipes
and on the processes themselves, so it never waits for a result that cannot
come.  The task that worker was running is the only one lost; the tasks
queued behind it go to the other workers, and a fresh worker takes its
place.  :func:`map_in_chunks` then runs the lost chunk's inputs again, one
after another, in a fresh process: an input that kills that one too gets a
:class:`WorkerDied` for its result ("killed by signal 9"), which the
commands report as an error of that input, and the others get their
results, in order.

The work function and the inputs must be picklable (module-level functions,
plain data) so that this runs the same under the fork, forkserver and spawn
start methods.  A ``context`` (settings, a baseline...) is sent once to each
worker when it starts, not with every task.

Only the commands that start workers import this module (``check`` decides
with :func:`newsdoc.io.jobs.plan` first), and multiprocessing is imported
only to run a pool.
"""

from __future__ import annotations

import contextlib
import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, Final, TypeVar

from . import jobs as _jobs
from . import workers as _workers
from .errors import WorkerDied, WorkerError
from .workers import TEST_EXIT, ended, serve, start

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

__all__ = ["TEST_EXIT", "WorkerDied", "WorkerError", "map_in_chunks", "ordered_map"]


C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

_run_chunk = _workers.run_chunk  # looked up here at each run (tests replace it)
_retry = _workers.retry


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
) -> Iterator[tuple[T, R | WorkerDied]]:
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

    When a worker dies, the items of its chunk are run again in a fresh
    process; an item that kills that one too has a :class:`WorkerDied` for
    its result.  Raises :class:`WorkerError` only when no worker process can
    be started (with ``discards_output``, its message says first that the
    output was not written).
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
            done: list[R] | list[R | WorkerDied]
            if results is None:
                done = [work(context, item) for item in group]
            elif isinstance(results, WorkerDied):
                done = _retry(work, context, group, results.at)
            else:
                done = results
            yield from zip(group, done, strict=True)
    except WorkerError as error:
        lost = "the output was not written: " if discards_output else ""
        raise WorkerError(f"{error}; {lost}run again, or with --jobs 1") from None


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
) -> Iterator[tuple[T, R | WorkerDied | None]]:
    """Yield ``(task, work(context, task))`` for each task, in task order.

    With ``jobs`` > 1 (None: one per core) and tasks whose ``size`` adds up
    to at least ``parallel_min``, the work runs in ``jobs`` worker
    processes, with at most ``4 * jobs`` tasks in flight; otherwise in this
    process.  Tasks that ``local`` picks are yielded as ``(task, None)`` at
    their turn, for the caller to run here.  ``warm`` is called once before
    workers are forked.

    When a worker dies, the task it was running gives a :class:`WorkerDied`
    for its result (the tasks waiting behind it go to other workers).
    """
    stream = iter(tasks)
    if jobs is None or jobs > 1:
        started = _jobs.cpu_sample() if jobs is None else None
        head: list[T] = []
        count = 0
        for task in stream:
            head.append(task)
            count += 0 if local(task) else size(task)
            if count >= parallel_min:
                jobs = jobs or _jobs.default_jobs(started)
                if jobs > 1:
                    yield from _parallel(work, context, chain(head, stream), jobs, local, warm)
                    return
                break
        stream = chain(head, stream)
    for task in stream:
        yield task, None if local(task) else work(context, task)


class _Worker:
    """One worker process, its pipe, and the indexes of the tasks sent to it, in order."""

    __slots__ = ("conn", "process", "slot", "tasks")

    def __init__(self, process: BaseProcess, conn: Connection, slot: int) -> None:
        self.process = process
        self.conn = conn
        self.slot = slot
        self.tasks: deque[int] = deque()


_PER_WORKER: Final = 4
"""Tasks sent to one worker ahead of its results (small tasks: its pipe never fills)."""


def _parallel(
    work: Callable[[C, T], R],
    context: C,
    tasks: Iterator[T],
    jobs: int,
    local: Callable[[T], bool],
    warm: Callable[[], object] | None,
) -> Iterator[tuple[T, R | WorkerDied | None]]:
    import multiprocessing
    from multiprocessing.connection import wait

    method = multiprocessing.get_context()
    window = 4 * jobs
    forked = method.get_start_method() == "fork"
    # What this process holds is left out of the workers' garbage
    # collections: they would walk it, and copy each page they touch.  (It is
    # given back at the end, unless the caller had frozen objects itself, as
    # the command line does to spare its collection at exit.)
    thaw = forked and not gc.get_freeze_count()
    if forked:
        if warm is not None:
            warm()
        gc.freeze()
    workers: list[_Worker] = []
    free = list(range(jobs))  # the progress slots no worker has
    progress: Any = method.RawArray("l", jobs)
    order: deque[tuple[int, T, bool]] = deque()  # every task not yet yielded, in order
    waiting: deque[int] = deque()  # tasks to send to a worker, in order
    given: dict[int, T] = {}
    done: dict[int, tuple[bool, Any]] = {}
    stream = iter(tasks)
    count = 0
    more = True

    def receive(worker: _Worker) -> bool:
        """Take every reply the worker has sent; False when its pipe is closed."""
        try:
            while worker.conn.poll():
                index, ok, value = worker.conn.recv()
                worker.tasks.remove(index)
                done[index] = (ok, value)
        except (EOFError, OSError):
            return False
        return True

    def bury(worker: _Worker) -> None:
        """A worker died: its running task is lost, the ones behind it wait for another."""
        receive(worker)
        worker.conn.close()
        how = ended(worker.process)
        workers.remove(worker)
        free.append(worker.slot)
        if worker.tasks:
            at = progress[worker.slot] if progress is not None else None
            done[worker.tasks.popleft()] = (True, WorkerDied(how, at))
            waiting.extendleft(reversed(worker.tasks))

    try:
        while True:
            while more and len(order) < window:
                try:
                    task = next(stream)
                except StopIteration:
                    more = False
                    break
                here = local(task)
                order.append((count, task, here))
                if not here:
                    given[count] = task
                    waiting.append(count)
                count += 1
            while order and (order[0][2] or order[0][0] in done):
                index, task, here = order.popleft()
                if here:
                    yield task, None
                    continue
                del given[index]
                ok, value = done.pop(index)
                if not ok:
                    raise value
                yield task, value
            if not order and not more:
                return
            while len(workers) < jobs and (waiting or len(workers) < 1):
                slot = free.pop()
                if progress is not None:
                    progress[slot] = 0
                started = start(method, serve, context, progress, slot)
                workers.append(_Worker(*started, slot))
            for worker in sorted(workers, key=lambda w: len(w.tasks)):
                while waiting and len(worker.tasks) < _PER_WORKER:
                    index = waiting.popleft()
                    try:
                        worker.conn.send((index, work, given[index]))
                    except (EOFError, OSError):
                        waiting.appendleft(index)
                        break
                    worker.tasks.append(index)
            busy = [worker for worker in workers if worker.tasks]
            if not busy:  # pragma: no cover - the head of the order is always in flight
                continue
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn in ready and receive(worker):
                    continue
                if worker.conn in ready or worker.process.sentinel in ready:
                    if receive(worker) and worker.process.is_alive():
                        continue
                    bury(worker)
    finally:
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
            worker.conn.close()
        for worker in workers:
            worker.process.join(1)
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
        if thaw:
            gc.unfreeze()
