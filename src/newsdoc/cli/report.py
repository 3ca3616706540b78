"""``newsdoc report``: the health of a corpus at a glance, in the terminal, HTML or JSON.

The corpus is read once, with the same inputs, configuration and baseline
as ``check``; only aggregates and the worst files are kept, so memory stays
flat however many files there are.  Exit codes are ``check``'s: 0, 1 when
the findings fail the run (unless ``--exit-zero``), 2 for usage,
configuration or I/O problems (the report is still written).

The report's statistics and renderers (``newsdoc.corpus``) are imported in
``run``; the rest at the top (see ``newsdoc.model.speed.LAZY_IMPORTS``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import posixpath
import sys
from typing import TYPE_CHECKING

import attrs

from ..config.settings import ConfigError
from ..io.errors import WorkerError
from ..io.finder import Source
from ..io.metadata import version
from ..io.paths import InputError
from ..io.reading import read_source
from .checking import uses_corpus
from .main import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, emit, say
from .options import (
    Found,
    UsageError,
    add_color,
    add_file_arguments,
    add_jobs,
    add_max_bytes,
    add_no_progress,
    add_paths,
    add_quiet,
    add_rule_arguments,
    configure,
    find_sources,
    read_baseline,
    use_color,
    write_report,
)

if TYPE_CHECKING:
    from ..corpus.stats import Stats
    from ..corpus.survey import Settings
    from ..model.diagnostic import Diagnostic

FORMATS = ("text", "html", "json")
_KEPT_SOURCES = 4096
"""With a corpus rule, the inputs kept to read the worst files again (to show their
repeated lines) are cut down to the worst ones when there are more than this."""
WORST_TEXT = 10
"""Worst files listed in the terminal, by default."""
WORST_PAGE = 50
"""Worst files detailed in HTML and JSON, by default."""


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {number}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``report``."""
    add_paths(
        parser,
        "files, folders (recursively, *.txt and compressed *.txt.gz... by default), archives, "
        "URLs and quoted globs to report on; "
        "'-' reads standard input; default: the current folder",
        required=False,
    )
    add_max_bytes(parser)
    add_rule_arguments(parser)
    output = parser.add_argument_group("output")
    output.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE, atomically (default: standard output)",
    )
    output.add_argument(
        "--format",
        choices=FORMATS,
        help="text for a terminal, html for one self-contained page, json for the aggregates "
        "(default: text; with -o, json for *.json, text for *.txt, else html)",
    )
    output.add_argument(
        "--worst",
        type=_count,
        metavar="N",
        help=f"how many of the worst files to show (default: {WORST_TEXT} in text, "
        f"{WORST_PAGE} in html and json, where each gets a section)",
    )
    output.add_argument(
        "--findings-per-file",
        type=_count,
        default=20,
        metavar="N",
        help="findings shown in each worst file's section (default: 20)",
    )
    output.add_argument(
        "--signals",
        action="store_true",
        help="also summarise the bodies' quality signals (word count, shares of lines ending "
        "in punctuation, short, repeated...: the numbers Gopher, C4 and FineWeb filter on): "
        "mean, minimum and maximum of each",
    )
    add_color(output, "the text format")
    add_quiet(output, "with -o, no line saying what was written")
    add_file_arguments(parser, "check", "reports and for per-file ignores")
    parser.add_argument(
        "--baseline", metavar="FILE", help="leave out the findings that FILE holds (as check)"
    )
    add_jobs(
        parser,
        "worker processes for checking files (default: one per free core when there is enough "
        "work, about 6,000 small files or 40 MB, else one)",
    )
    add_no_progress(parser)


def _format(args: argparse.Namespace) -> str:
    if args.format is not None:
        return str(args.format)
    if args.output is None or args.output == "-":
        return "text"
    suffix = args.output.lower().rsplit(".", 1)[-1]
    return {"json": "json", "txt": "text"}.get(suffix, "html")


def run(args: argparse.Namespace) -> int:
    """Read the corpus, write the report; return the exit code."""
    try:
        config = configure(args)
        baseline = read_baseline(args.baseline) if args.baseline else None
    except (ConfigError, UsageError) as error:
        say(str(error))
        return EXIT_ERROR
    form = _format(args)
    output = args.output if args.output != "-" else None
    if output is not None and os.path.isdir(output):
        say(f"{output}: is a folder; -o takes a file")
        return EXIT_ERROR
    from ..corpus.survey import Settings

    worst = args.worst if args.worst is not None else WORST_TEXT if form == "text" else WORST_PAGE
    signed = uses_corpus(config)
    settings = Settings(
        config, baseline, args.max_bytes, args.findings_per_file, signed, args.signals
    )
    sources = find_sources(args, config)
    try:
        stats = _survey(args, settings, sources, worst)
    except WorkerError as error:
        say(str(error))
        return EXIT_ERROR
    status = EXIT_ERROR if stats.unreadable_count else EXIT_OK
    unreadable = stats.unreadable_count - sources.missing
    if sources.end(args, config, "read", stats.checked, unreadable):
        return EXIT_ERROR  # nothing was read: no report that looks like one
    text = _render(form, stats, args, output is None, worst)
    if output is None:
        emit(text)
    elif not write_report(output, text):
        return EXIT_ERROR
    elif not args.quiet:
        say(
            f"wrote {output}: {stats.files:,} files, {stats.valid:,} valid, "
            f"{stats.with_errors:,} with errors, {stats.with_warnings:,} with warnings"
        )
    failed = stats.errors or (config.strict and stats.warnings)
    if status == EXIT_OK and failed and not args.exit_zero:
        status = EXIT_PROBLEMS
    return status


def _survey(args: argparse.Namespace, settings: Settings, sources: Found, worst: int) -> Stats:
    from ..corpus.stats import Stats
    from ..corpus.survey import survey_sources
    from ..io.progress import Progress

    progress = Progress(
        sys.stderr, sys.stderr.isatty() and not args.no_progress, words=("checked", "unreadable")
    )
    stats = Stats(worst=worst, compare=settings.signed, findings=settings.keep)
    merge = None
    if settings.signed:
        from ..rules.merge import CorpusMerge

        merge = CorpusMerge(settings.config)
    merged: list[Source] = []  # each merged file's input, when the baseline needs its lines
    shown: dict[int, Source] = {}  # ...or the worst files' (others dropped now and then)
    for source, record in survey_sources(sources, settings, args.jobs):
        if record.error is not None:
            progress.say(f"{record.name}: {record.error}")
        elif merge is not None:
            merge.add(record.name, posixpath.dirname(record.name), record.signature)
            record = attrs.evolve(record, signature=None)
            if settings.baseline is not None and isinstance(source, Source):
                merged.append(source)
            elif isinstance(source, Source) and not source.stdin:
                shown[stats.checked] = source
        stats.add(record)
        if len(shown) > max(_KEPT_SOURCES, 2 * stats.pool):
            kept = stats.worst_indexes()
            shown = {index: source for index, source in shown.items() if index in kept}
        progress.count(record.error is None)
    progress.finish()
    if merge is not None:
        kept = stats.worst_indexes()
        for index, found in merge.findings():
            if settings.baseline is not None:
                found, hidden = _unrecorded(found, merged[index], settings)
                stats.hidden += hidden
            elif index in kept and index in shown:  # shown with its findings: their lines too
                found = _with_lines(found, shown[index], settings)
            stats.add_corpus(index, found, merge.repeated_lines.get(index, frozenset()))
        stats.add_clusters(merge.clusters())
    return stats


def _with_lines(found: list[Diagnostic], source: Source, settings: Settings) -> list[Diagnostic]:
    """A file's corpus findings with the text of their lines (the file read again), if it still is."""
    from ..rules.merge import with_lines

    if all(d.source_line for d in found):
        return found
    with contextlib.suppress(InputError):  # gone since: the findings are kept as they are
        return with_lines(found, read_source(source, settings.max_bytes))
    return found


def _unrecorded(
    found: list[Diagnostic], source: Source, settings: Settings
) -> tuple[list[Diagnostic], int]:
    """A file's corpus findings less those the baseline holds, and how many it held.

    ``check`` leaves the same ones out.

    The baseline knows a finding by its line's text: a repeated-line finding,
    made from hashes, gets it from the file read again (as ``check`` does).
    """
    assert settings.baseline is not None
    found = _with_lines(found, source, settings)
    fresh = settings.baseline.new(source.name, found)
    return fresh, len(found) - len(fresh)


def _render(form: str, stats: Stats, args: argparse.Namespace, terminal: bool, worst: int) -> str:
    if form == "json":
        from ..corpus.jsonreport import render_json

        return render_json(stats)
    if form == "html":
        from ..corpus.html import render_html

        return render_html(stats, inputs=args.paths or ["."], version=version())
    from ..corpus.text import render_text

    return render_text(stats, color=terminal and use_color(args), worst=worst)
