"""Reading and validating the inputs of ``newsdoc check``, in order, in parallel when there are many.

:func:`check_sources` takes the stream of :func:`newsdoc.io.finder.iter_sources`
and gives each input back with what checking it gave: its diagnostics, or
the error that stopped its reading.  With ``jobs`` > 1 and at least
:data:`newsdoc.io.jobs.PARALLEL_MIN` files, files are read and validated in
chunks by worker processes (:func:`newsdoc.io.pool.map_in_chunks`), with a
bounded number of chunks in flight; the results are the same, in the same
order, as with one.  Standard input is read in this process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..io.finder import Source, SourceError, source_size
from ..io.jobs import plan
from ..io.paths import InputError
from ..io.reading import in_this_process, read_source
from ..model.diagnostic import Diagnostic
from ..output.results import FileReport, counts
from ..output.terminal import render_file
from ..rules import engine as _validate
from ..rules.corpus import CROSS_FILE

if TYPE_CHECKING:
    from ..config.settings import Config

__all__ = [
    "Printed",
    "Result",
    "Signed",
    "Style",
    "check_file",
    "check_source",
    "check_sources",
    "uses_corpus",
]


class Style(NamedTuple):
    """How to print each file's findings, for formats printed a file at a time."""

    format: str
    """One of :data:`newsdoc.output.terminal.STREAMED`."""
    strict: bool
    """Whether warnings fail the run (the github format then calls them errors)."""
    color: bool
    """Whether to colour the full and concise formats."""
    codes: bool = False
    """Whether to send back the codes of each file's findings too (for the job summary)."""


Printed = tuple[str, int, int, int, int, tuple[str, ...]]
"""A file's findings as printed; how many are errors and warnings, how
many have a safe and an unsafe fix, and (when the style asks) their codes.

(A plain tuple: a worker sends thousands, and a named tuple costs several
times as much to pickle and unpickle.)"""


class Signed:
    """A file's diagnostics and the signature its corpus rules left (see :mod:`newsdoc.rules.merge`)."""

    __slots__ = ("diagnostics", "signature")

    def __init__(self, diagnostics: list[Diagnostic], signature: object) -> None:
        self.diagnostics = diagnostics
        self.signature = signature


Result = list[Diagnostic] | Printed | Signed | InputError | None
"""What checking an input gave: its diagnostics (or, with a :class:`Style`,
their printed form; or, when corpus rules run, with its signature), the
error that stopped its reading, or None for an input that discovery already
found bad."""


def check_file(
    config: Config, max_bytes: int | None, style: Style | None, source: Source, signed: bool = False
) -> Result:
    """Read and validate one input; never raises for a bad file.

    With ``signed`` (corpus rules are on), the diagnostics come back with the
    file's signature, for the run's :class:`~newsdoc.rules.merge.CorpusMerge`.
    """
    try:
        data = read_source(source, max_bytes)
    except InputError as error:
        return error
    if signed:
        found, signature = _validate.validate_signed(data, config.for_path(source.relative))
        return Signed(found, signature)
    diagnostics = _validate.validate(data, config.for_path(source.relative))
    if style is None:
        return diagnostics
    text = render_file(
        style.format, FileReport(source.name, tuple(diagnostics)), style.strict, style.color
    )
    codes = tuple(d.code for d in diagnostics) if style.codes else ()
    return (text, *counts(diagnostics), codes)


Context = tuple["Config", int | None, Style | None, bool]
"""What checking every file needs: the configuration, the size limit, the
printing style and whether corpus rules run (sent once to each worker process)."""


def check_source(context: Context, source: Source | SourceError) -> Result:
    """Check one input (None for one that discovery already found bad)."""
    if isinstance(source, SourceError):
        return None
    config, max_bytes, style, signed = context
    return check_file(config, max_bytes, style, source, signed)


def uses_corpus(config: Config) -> bool:
    """Whether a rule that compares files (``ND301``-``ND303``) is on."""
    return not CROSS_FILE.isdisjoint(config.enabled)


def _local(source: Source | SourceError) -> bool:
    """Standard input and inputs discovery found bad are dealt with in this process."""
    return not isinstance(source, Source) or in_this_process(source)


def _prepare() -> None:
    """Load the parser and every rule module here, so that forked workers inherit them."""
    _validate.validate("\ufeff x\u00a0“y'” (a\r\n\n\nB.\n\n")


def check_sources(
    sources: Iterable[Source | SourceError],
    config: Config,
    max_bytes: int | None,
    jobs: int | None = 1,
    style: Style | None = None,
) -> Iterator[tuple[Source | SourceError, Result]]:
    """Check every input, yielding each with its result, in input order.

    ``jobs`` None means one worker per core when the work (the files and
    their bytes) is enough to gain from them (:func:`newsdoc.io.jobs.plan`);
    the pool (and the number of cores) is only looked at then.  With a
    ``style``, each file's findings come printed (:data:`Printed`), so that
    worker processes do the printing too and send only text.
    """
    context = (config, max_bytes, style, style is None and uses_corpus(config))
    sources, jobs = plan(iter(sources), jobs, source_size)
    if jobs == 1:
        for source in sources:
            yield source, check_source(context, source)
        return
    from ..io.pool import WorkerDied, map_in_chunks

    for source, result in map_in_chunks(
        check_source,
        context,
        sources,
        jobs,
        local=_local,
        warm=_prepare,
        parallel_min=0,
        size=source_size,
    ):
        if isinstance(result, WorkerDied):  # an error of this file; the others go on
            yield source, InputError(source.name, result.message(source.name), whole=True)
        else:
            yield source, result
