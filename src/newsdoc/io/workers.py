"""The worker processes of :mod:`newsdoc.io.pool`: what runs in them, and starting them.

A pool worker runs :func:`serve`: it takes tasks from its pipe, one at a
time, and sends back each result; while it works on a chunk of inputs
(:func:`run_chunk`) it writes the position of the input it is at in a
shared array, so that if it dies the main process knows which input was
running.  :func:`retry` runs the inputs of a lost task again in a fresh
process that sends each result as it comes: an input that kills a worker a
second time gets a :class:`~newsdoc.io.errors.WorkerDied` for its result.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar

from .errors import WorkerDied, WorkerError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

__all__ = ["TEST_EXIT", "ended", "how_it_ended", "retry", "run_chunk", "serve", "start"]

TEST_EXIT: Final = "NEWSDOC_TEST_WORKER_EXIT"
"""For tests only: a worker process kills itself (SIGKILL) before running an
input whose ``repr`` holds this variable's value."""

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")


def run_chunk(bound: tuple[Callable[[C, T], R], C], chunk: list[T]) -> list[R]:
    """Run the work on each item of a chunk: the task a worker process runs."""
    work, context = bound
    results = []
    progress = _progress
    for position, item in enumerate(chunk):
        if progress is not None:  # in a worker: which item it is at, should it die
            progress[_slot] = position
        if _exit_on is not None:
            _test_exit(item)
        results.append(work(context, item))
    return results


# --- in a worker process ----------------------------------------------------------

_exit_on: str | None = None
"""In a worker process: the value of :data:`TEST_EXIT`, if set."""
_progress: Any = None
"""In a worker process: the shared array where each worker writes the
position, in its chunk, of the item it is working on."""
_slot = 0
"""In a worker process: its place in :data:`_progress`."""


def _test_exit(item: object) -> None:
    """For tests: die as the OOM killer kills, before an item whose repr holds :data:`_exit_on`."""
    if _exit_on and _exit_on in repr(item):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _enter_worker() -> None:
    import signal

    global _exit_on
    _exit_on = os.environ.get(TEST_EXIT) or None
    # Ctrl-C reaches the whole process group: the main process handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def serve(conn: Connection, context: Any, progress: Any, slot: int) -> None:
    """A worker: run each task the main process sends, send back its result, until told to stop.

    An exception of the work goes back to be raised in the main process; a
    worker whose main process is gone (its pipe closed) stops.  It writes
    the position of the item it is at in ``progress[slot]``, so that the
    main process knows which one was running if it dies.
    """
    global _progress, _slot
    _enter_worker()
    _progress, _slot = progress, slot
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, work, task = message
        try:
            reply = (index, True, work(context, task))
        except Exception as error:  # noqa: BLE001 - raised again in the main process
            reply = (index, False, error)
        if not _send(conn, reply):
            return


def _send(conn: Connection, reply: tuple[Any, ...]) -> bool:
    """Send a reply; one that cannot be pickled becomes the error saying so.  False: no reader."""
    try:
        conn.send(reply)
    except (EOFError, OSError):
        return False
    except Exception as error:  # noqa: BLE001 - pickling: any exception type
        failed = RuntimeError(f"a worker's result could not be sent: {error!r}")
        try:
            conn.send((*reply[:-2], False, failed))
        except (EOFError, OSError):
            return False
    return True


def _serve_items(
    conn: Connection, work: Callable[[Any, Any], Any], context: Any, items: list[Any]
) -> None:
    """A fresh process for inputs whose worker died: run each, send each result as it comes."""
    _enter_worker()
    for item in items:
        if _exit_on is not None:
            _test_exit(item)
        try:
            reply: tuple[Any, ...] = (True, work(context, item))
        except Exception as error:  # noqa: BLE001 - raised again in the main process
            reply = (False, error)
        if not _send(conn, reply):
            return


# --- in the main process ----------------------------------------------------------


def how_it_ended(exitcode: int | None) -> str:
    """How a process ended, for a message: ``killed by signal 9``, ``exited with status 1``."""
    if exitcode is None:
        return "stopped answering"
    if exitcode < 0:
        return f"killed by signal {-exitcode}"
    return f"exited with status {exitcode}"


def start(
    method: BaseContext, target: Callable[..., None], *args: Any
) -> tuple[BaseProcess, Connection]:
    """Start a worker process running ``target(conn, *args)``; its end of a new pipe."""
    ours, theirs = method.Pipe()
    try:
        process = method.Process(target=target, args=(theirs, *args), daemon=True)  # type: ignore[attr-defined]
        process.start()
    except OSError as error:
        ours.close()
        raise WorkerError(f"cannot start a worker process: {error.strerror or error}") from None
    finally:
        theirs.close()
    return process, ours


def ended(process: BaseProcess) -> str:
    """Wait for a process whose pipe closed to end (killing it if it lingers); how it ended."""
    process.join(5)
    if process.exitcode is None:  # pragma: no cover - a worker that closed its pipe and hung
        process.kill()
        process.join()
    return how_it_ended(process.exitcode)


def retry(
    work: Callable[[C, T], R],
    context: C,
    items: list[T],
    running: int | None = None,
    method: str | None = None,
) -> list[R | WorkerDied]:
    """Run the items of a task whose worker died again, in order, in fresh processes.

    Item ``running`` was being worked on when the worker died (None: not
    known): it has killed a worker once already.  An item that kills a
    worker twice gets a :class:`WorkerDied`; after one death it is run once
    more, in a fresh process, as are the items after it.  ``method``: the
    start method (default: the usual one).
    """
    import multiprocessing

    context_of = multiprocessing.get_context(method)
    results: list[R | WorkerDied] = []
    strikes = set() if running is None else {running}  # the items that killed a worker once
    first = 0
    while first < len(items):
        rest = items[first:]
        process, conn = start(context_of, _serve_items, work, context, rest)
        got: list[R] = []
        try:
            while len(got) < len(rest):
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):
                    break
                if not ok:
                    raise value
                got.append(value)
        finally:
            conn.close()
        results.extend(got)
        if len(got) == len(rest):
            process.join()
            break
        how = ended(process)
        dead = first + len(got)  # the item this process died on
        if dead in strikes:  # its second death
            results.append(WorkerDied(how))
            first = dead + 1
        else:
            strikes.add(dead)
            first = dead
    return results
