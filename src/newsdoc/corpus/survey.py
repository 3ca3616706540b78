"""Reading a corpus for ``newsdoc report``: one :class:`FileRecord` per input, in order.

Each file is read (within ``--max-bytes``), checked with its configuration
(per-file ignores applied), filtered by the baseline, and measured when it
parses, all in one parse; only the small record leaves the worker.  With
``jobs`` > 1 the files are spread over worker processes in chunks
(:func:`newsdoc.io.pool.ordered_map`), and the records still come in input
order, so the report is the same as with one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..io.finder import Source, SourceError
from ..io.paths import DEFAULT_MAX_BYTES, InputError, read_bytes, read_stdin
from ..io.pool import CHUNK, PARALLEL_MIN, WorkerError, ordered_map
from ..rules.engine import diagnose
from ..syntax.parser import parse
from .stats import FileRecord, document_stats, file_record

if TYPE_CHECKING:
    from ..config.baseline import Baseline
    from ..config.settings import Config

__all__ = ["Settings", "survey", "survey_file"]


class Settings(NamedTuple):
    """What each worker needs: sent once to each worker process."""

    config: Config
    """The configuration (rules, severities, per-file ignores)."""
    baseline: Baseline | None = None
    """Findings to leave out, or None."""
    max_bytes: int | None = DEFAULT_MAX_BYTES
    """The size limit of one input file (None: no limit)."""
    keep: int = 25
    """Findings kept with their excerpts per file (for the worst files)."""


def survey_file(settings: Settings, source: Source) -> FileRecord:
    """Read, check and measure one input; never raises for a bad file."""
    try:
        data = (
            read_stdin(settings.max_bytes)
            if source.path is None
            else read_bytes(source.path, settings.max_bytes)
        )
    except InputError as error:
        return FileRecord(source.name, error=error.reason)
    diagnostics, result = diagnose(data, settings.config.for_path(source.relative))
    hidden = 0
    if settings.baseline is not None:
        fresh = settings.baseline.new(source.name, diagnostics)
        hidden = len(diagnostics) - len(fresh)
        diagnostics = fresh
    document = None
    if result.ok and result.document is not None:
        document = document_stats(
            (p.text for p in result.document.body), (h.text for h in result.document.headlines)
        )
    return file_record(
        source.name, len(data), diagnostics, hidden=hidden, document=document, keep=settings.keep
    )


Task = list[Source] | SourceError


def _survey_chunk(settings: Settings, task: Task) -> list[FileRecord]:
    """The records of a chunk of files: the task a worker process runs."""
    if isinstance(task, SourceError):
        return [FileRecord(task.name, error=task.reason)]
    return [survey_file(settings, source) for source in task]


def _here(task: Task) -> bool:
    """Standard input is read in this process; so are errors (there is nothing to do)."""
    return isinstance(task, SourceError) or task[0].path is None


def _tasks(sources: Iterable[Source | SourceError], chunk: int) -> Iterator[Task]:
    """Group consecutive files into chunks; stdin and errors are tasks of their own."""
    files: list[Source] = []
    for source in sources:
        if isinstance(source, Source) and source.path is not None:
            files.append(source)
            if len(files) == chunk:
                yield files
                files = []
            continue
        if files:
            yield files
            files = []
        yield source if isinstance(source, SourceError) else [source]
    if files:
        yield files


def _size(task: Task) -> int:
    return 1 if isinstance(task, SourceError) else len(task)


def _warm() -> None:

    parse("a\n\nb\n")


def survey(
    sources: Iterable[Source | SourceError],
    settings: Settings,
    jobs: int = 1,
    *,
    chunk: int = CHUNK,
    parallel_min: int = PARALLEL_MIN,
) -> Iterator[FileRecord]:
    """Yield one record per input, in input order, with ``jobs`` worker processes.

    At most a window of chunks is in flight, so the inputs are read only a
    bounded distance ahead of the records yielded: memory stays flat.
    """
    try:
        for task, records in ordered_map(
            _survey_chunk,
            settings,
            _tasks(sources, chunk),
            jobs,
            local=_here,
            size=_size,
            parallel_min=parallel_min,
            warm=_warm,
        ):
            yield from _survey_chunk(settings, task) if records is None else records
    except WorkerError as error:
        raise WorkerError(
            f"{error}; the output was not written: run again, or with --jobs 1"
        ) from None
