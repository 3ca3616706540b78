"""Reading a corpus for ``newsdoc report``: one :class:`FileRecord` per input, in order.

Each file is read (within ``--max-bytes``), checked with its configuration
(per-file ignores applied), filtered by the baseline, and measured when it
parses, all in one parse; only the small record leaves the worker.  With
``jobs`` > 1 the files are spread over worker processes in chunks
(:func:`newsdoc.io.pool.map_in_chunks`), and the records still come in input
order, so the report is the same as with one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from ..io.finder import Source, SourceError, source_size
from ..io.paths import DEFAULT_MAX_BYTES, InputError
from ..io.pool import WorkerDied, map_in_chunks
from ..io.reading import in_this_process, read_source
from ..model.diagnostic import Diagnostic
from ..rules.corpus import repeated_line
from ..rules.engine import diagnose, diagnose_signed
from ..rules.signals import NAMES, signals
from ..syntax.parser import parse
from .stats import FileRecord, Guessed, document_stats, file_record

if TYPE_CHECKING:
    from ..config.baseline import Baseline
    from ..config.settings import Config

__all__ = ["Settings", "survey", "survey_file", "survey_sources"]


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
    signed: bool = False
    """Whether corpus rules run: each record then carries the file's signature."""
    signals: bool = False
    """Whether each parsed document's quality signals are measured (``report --signals``)."""


def survey_file(settings: Settings, source: Source) -> FileRecord:
    """Read, check and measure one input; never raises for a bad file."""
    try:
        data = read_source(source, settings.max_bytes)
    except InputError as error:
        return FileRecord(source.name, error=error.reason)
    config = settings.config.for_path(source.relative)
    signature = None
    if settings.signed:
        diagnostics, result, signature = diagnose_signed(data, config)
    else:
        diagnostics, result = diagnose(data, config)
    hidden = 0
    if settings.baseline is not None:
        fresh = settings.baseline.new(source.name, diagnostics)
        hidden = len(diagnostics) - len(fresh)
        diagnostics = fresh
    document = None
    measured = None
    if result.ok and result.document is not None:
        document = document_stats(
            (p.text for p in result.document.body), (h.text for h in result.document.headlines)
        )
        if settings.signals:
            found = signals([p.text for p in result.document.body])
            measured = tuple(float(found[name]) for name in NAMES)
    record = file_record(
        source.name, len(data), diagnostics, hidden=hidden, document=document, keep=settings.keep
    )
    if signature is not None or measured is not None:
        guessed = _guessed(diagnostics, signature)
        record = attrs.evolve(record, signature=signature, signals=measured, guessed=guessed)
    return record


def _guessed(diagnostics: Sequence[Diagnostic], signature: object) -> tuple[Guessed, ...]:
    """:attr:`FileRecord.guessed`: the findings that give way to ND303's, when it runs here."""
    from ..rules.merge import GUESSED
    from ..rules.sketch import Signature

    if not isinstance(signature, Signature) or repeated_line.code not in signature.codes:
        return ()
    return tuple(
        (d.line, d.code, d.severity, d.omitted or 1) for d in diagnostics if d.code in GUESSED
    )


def _survey(settings: Settings, source: Source | SourceError) -> FileRecord:
    """The record of one input: the task a worker process runs for each file."""
    if isinstance(source, SourceError):
        return FileRecord(source.name, error=source.reason)
    return survey_file(settings, source)


def _here(source: Source | SourceError) -> bool:
    """Standard input is read in this process; so are errors (there is nothing to do)."""
    return isinstance(source, SourceError) or in_this_process(source)


def _warm() -> None:

    parse("a\n\nb\n")


def survey(
    sources: Iterable[Source | SourceError],
    settings: Settings,
    jobs: int | None = 1,
    *,
    chunk: int | None = None,
    parallel_min: int | None = None,
) -> Iterator[FileRecord]:
    """Yield one record per input, in input order, with ``jobs`` worker processes.

    ``jobs`` None means one per core.  At most a window of chunks is in
    flight, so the inputs are read only a bounded distance ahead of the
    records yielded: memory stays flat.  ``chunk`` and ``parallel_min``
    default to those of :mod:`newsdoc.io.jobs`.
    """
    for _, record in survey_sources(
        sources, settings, jobs, chunk=chunk, parallel_min=parallel_min
    ):
        yield record


def survey_sources(
    sources: Iterable[Source | SourceError],
    settings: Settings,
    jobs: int | None = 1,
    *,
    chunk: int | None = None,
    parallel_min: int | None = None,
) -> Iterator[tuple[Source | SourceError, FileRecord]]:
    """:func:`survey`, each record with its input (to read a file again after the run)."""
    for source, record in map_in_chunks(
        _survey,
        settings,
        sources,
        jobs,
        local=_here,
        warm=_warm,
        discards_output=True,
        chunk=chunk,
        parallel_min=parallel_min,
        size=source_size,
    ):
        if isinstance(record, WorkerDied):  # an error of this file; the others go on
            yield source, FileRecord(source.name, error=record.message(source.name))
        else:
            yield source, record
