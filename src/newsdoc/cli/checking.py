"""Reading and validating the inputs of ``newsdoc check``, in order, in parallel when there are many.

:func:`check_sources` takes the stream of :func:`newsdoc.io.finder.iter_sources`
and gives each input back with what checking it gave: its diagnostics, or
the error that stopped its reading.  With ``jobs`` > 1 and at least
:data:`PARALLEL_MIN` files, files are read and validated in chunks by worker
processes (:func:`newsdoc.io.pool.ordered_map`), with a bounded number of chunks in
flight; the results are the same, in the same order, as with one.
Standard input is read in this process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from ..io.finder import Source, SourceError
from ..io.paths import InputError, read_bytes, read_stdin
from ..model.diagnostic import Diagnostic
from ..output.results import FileReport, counts
from ..output.terminal import render_file
from ..rules import engine as _validate

if TYPE_CHECKING:
    from ..config.settings import Config

__all__ = [
    "CHUNK",
    "PARALLEL_MIN",
    "Printed",
    "Result",
    "Style",
    "check_file",
    "check_files",
    "check_sources",
]

CHUNK: Final = 64
"""Files per task sent to a worker: large enough to hide the cost of a task."""
PARALLEL_MIN: Final = 256
"""Start worker processes only for at least this many files: below it, starting
them costs more than they save."""


class Style(NamedTuple):
    """How to print each file's findings, for formats printed a file at a time."""

    format: str
    """One of :data:`newsdoc.output.terminal.STREAMED`."""
    strict: bool
    """Whether warnings fail the run (the github format then calls them errors)."""
    color: bool
    """Whether to colour the full format."""


Printed = tuple[str, int, int, int, int]
"""A file's findings as printed; how many are errors and warnings, and how
many have a safe and an unsafe fix.

(A plain tuple: a worker sends thousands, and a named tuple costs several
times as much to pickle and unpickle.)"""


Result = list[Diagnostic] | Printed | InputError | None
"""What checking an input gave: its diagnostics (or, with a :class:`Style`,
their printed form), the error that stopped its reading, or None for an
input that discovery already found bad."""


def check_file(
    config: Config,
    max_bytes: int | None,
    style: Style | None,
    path: str | Path | None,
    relative: str,
    name: str,
) -> Result:
    """Read and validate one file (None: standard input); never raises for a bad file."""
    try:
        data = read_stdin(max_bytes) if path is None else read_bytes(path, max_bytes)
    except InputError as error:
        return error
    diagnostics = _validate.validate(data, config.for_path(relative))
    if style is None:
        return diagnostics
    text = render_file(
        style.format, FileReport(name, tuple(diagnostics)), style.strict, style.color
    )
    return (text, *counts(diagnostics))


def check_files(
    config: Config, max_bytes: int | None, style: Style | None, files: list[tuple[str, str, str]]
) -> list[Result]:
    """Check a chunk of (path, relative path, name) files: the task a worker process runs."""
    return [
        check_file(config, max_bytes, style, path, relative, name) for path, relative, name in files
    ]


def _here(
    config: Config, max_bytes: int | None, style: Style | None, chunk: list[Source | SourceError]
) -> list[Result]:
    """Check a chunk in this process."""
    return [
        None
        if isinstance(source, SourceError)
        else check_file(config, max_bytes, style, source.path, source.relative, source.name)
        for source in chunk
    ]


def check_sources(
    sources: Iterable[Source | SourceError],
    config: Config,
    max_bytes: int | None,
    jobs: int | None = 1,
    style: Style | None = None,
) -> Iterator[tuple[Source | SourceError, Result]]:
    """Check every input, yielding each with its result, in input order.

    ``jobs`` None means one worker per core; the pool (and the number of
    cores) is only looked at when there are enough files to use it.  With a
    ``style``, each file's findings come printed (:data:`Printed`), so that
    worker processes do the printing too and send only text.
    """
    sources = iter(sources)
    if jobs is None or jobs > 1:
        head = list(islice(sources, PARALLEL_MIN))
        if len(head) == PARALLEL_MIN:
            from ..io.pool import default_jobs

            jobs = jobs or default_jobs()
            if jobs > 1:
                yield from _parallel(chain(head, sources), config, max_bytes, jobs, style)
                return
        sources = iter(head)
    for source in sources:
        yield source, _here(config, max_bytes, style, [source])[0]


def _chunks(sources: Iterator[Source | SourceError]) -> Iterator[list[Source | SourceError]]:
    """Consecutive files in chunks of :data:`CHUNK`; stdin and errors each on their own."""
    chunk: list[Source | SourceError] = []
    for source in sources:
        if isinstance(source, Source) and source.path is not None:
            chunk.append(source)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
            continue
        if chunk:
            yield chunk
            chunk = []
        yield [source]
    if chunk:
        yield chunk


def _prepare() -> None:
    """Load the parser and every rule module here, so that forked workers inherit them."""
    _validate.validate("\ufeff x\u00a0“y'” (a\r\n\n\nB.\n\n")


def _check_chunk(
    context: tuple[Config, int | None, Style | None], task: list[Source | SourceError]
) -> list[Result]:
    """Check a chunk of files: the task a worker process runs."""
    files = [(str(s.path), s.relative, s.name) for s in task if isinstance(s, Source)]
    return check_files(*context, files)


def _local(chunk: list[Source | SourceError]) -> bool:
    """Standard input and inputs discovery found bad are dealt with in this process."""
    first = chunk[0]
    return not (isinstance(first, Source) and first.path is not None)


def _parallel(
    sources: Iterator[Source | SourceError],
    config: Config,
    max_bytes: int | None,
    jobs: int,
    style: Style | None,
) -> Iterator[tuple[Source | SourceError, Result]]:
    from ..io.pool import WorkerError, ordered_map

    context = (config, max_bytes, style)
    try:
        for chunk, results in ordered_map(
            _check_chunk,
            context,
            _chunks(sources),
            jobs,
            local=_local,
            parallel_min=0,
            warm=_prepare,
        ):
            if results is None:
                results = _here(config, max_bytes, style, chunk)
            yield from zip(chunk, results, strict=True)
    except WorkerError as error:
        raise WorkerError(f"{error}; run again, or with --jobs 1") from None
