"""``newsdoc convert``: news dumps to JSON, JSON Lines or Parquet, and JSON back to text.

Inputs are found as ``check`` finds them (the configuration's ``include``
and ``exclude`` globs, the same file options), except that a folder search
takes what ``--from`` names: dumps by the ``include`` globs (``*.txt`` by
default), JSON by ``*.json``, JSON Lines by ``*.jsonl`` and ``*.ndjson``.

The conversion engine (``newsdoc.convert``) is imported in ``run``; the
rest at the top (see ``newsdoc.model.speed.LAZY_IMPORTS``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..config.settings import ConfigError
from ..io.content import archive_format
from ..io.files import atomic_write
from ..io.finder import JSONL, KIND_GLOBS, PARQUET, input_kind
from .main import EXIT_ERROR, EXIT_OK, say
from .options import (
    UsageError,
    add_file_arguments,
    add_jobs,
    add_max_bytes,
    add_no_progress,
    add_paths,
    file_config,
    find_sources,
    input_paths,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable

    from ..convert.engine import Input, Options, Outcome
    from ..convert.sinks import Sink
    from ..io.progress import Progress

FORMATS = ("json", "jsonl", "text", "parquet")
SOURCES = ("auto", "dump", "json", "jsonl", "parquet")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``convert``."""
    add_paths(
        parser,
        "files, folders, archives, URLs and quoted globs such as 'corpus/**/*.txt' "
        "(searched as check searches them; folders for the include globs, *.txt and "
        "*.txt.gz... by default, or with --from json, jsonl or parquet for *.json, "
        "*.jsonl and *.ndjson, or *.parquet), or - for standard input; "
        "default: the current folder",
        required=False,
    )
    parser.add_argument(
        "--to", choices=FORMATS, default="json", help="output format (default: json)"
    )
    add_max_bytes(parser)
    parser.add_argument(
        "--from",
        dest="source",
        choices=SOURCES,
        default="auto",
        help="input format (default: auto: *.json is JSON, *.jsonl and *.ndjson are "
        "JSON Lines, *.parquet is Parquet, anything else a news dump)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to this file, atomically (default: standard output); "
        "with --to text and several documents, a folder (created when missing; "
        "OUT ending in / is always a folder)",
    )
    parser.add_argument(
        "--strip-prefix",
        metavar="PREFIX",
        help="--to text into a folder: leave this folder prefix (or an archive's 'NAME:') "
        "out of each document's source (otherwise a leading / and leading .. parts are "
        "left out)",
    )
    parser.add_argument(
        "--positions",
        action="store_true",
        help="JSON and Parquet: add the line number of each text",
    )
    parser.add_argument(
        "--lossless",
        action="store_true",
        help="JSON and Parquet: add the layout, so that converting back gives the exact "
        "original bytes",
    )
    parser.add_argument(
        "--signals",
        action="store_true",
        help="JSON and Parquet: add the body's quality signals (word count, mean word length, "
        "shares of lines ending in punctuation, short, repeated...: the numbers Gopher, C4 "
        "and FineWeb filter on) under 'signals'",
    )
    parser.add_argument("--canonical", action="store_true", help="text: write the canonical form")
    add_jobs(
        parser,
        "worker processes for parsing dumps (default: one per free core when there is enough "
        "work, about 6,000 small files or 40 MB, else one)",
    )
    add_no_progress(parser)
    add_file_arguments(
        parser,
        "convert",
        "messages and the output's source (with --from auto, its name gives its format)",
    )


class _DiscardOutputError(Exception):
    """Raised inside an atomic write to leave the old output untouched."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _usage(args: argparse.Namespace) -> str | None:
    if (args.positions or args.lossless) and args.to not in ("json", "jsonl", "parquet"):
        return (
            f"--positions and --lossless apply to --to json, jsonl and parquet, not --to {args.to}"
        )
    if args.signals and args.to not in ("json", "jsonl", "parquet"):
        return f"--signals applies to --to json, jsonl and parquet, not --to {args.to}"
    if args.canonical and args.to != "text":
        return f"--canonical applies to --to text, not --to {args.to}"
    reads_parquet = args.source == "parquet" or any(
        input_kind(path, args.source) == PARQUET for path in input_paths(args)
    )
    if args.to == "parquet" and not args.output:
        return "--to parquet needs -o OUT.parquet"
    if args.to == "parquet" or reads_parquet:
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            way = "--to parquet" if args.to == "parquet" else "reading Parquet"
            return f"{way} needs pyarrow: pip install 'newsdoc[parquet]'"
    if args.output and args.output != "-" and os.path.isdir(args.output) and args.to != "text":
        return f"{args.output}: is a folder; --to {args.to} writes a file"
    return None


def _single(args: argparse.Namespace) -> bool:
    """One input that holds one document: JSON is a bare object, text goes to OUT."""
    paths = input_paths(args)
    if len(paths) != 1:
        return False
    path = paths[0]
    if path != "-" and not os.path.isfile(path):
        return False

    if path == "-":
        path = args.stdin_filename or path
    elif archive_format(path) is not None:
        return False  # an archive holds several dumps
    return input_kind(path, args.source) not in (JSONL, PARQUET)


def run(args: argparse.Namespace) -> int:
    """Convert every input; report problems on stderr; exit 0, 1 or 2."""
    problem = _usage(args)
    if problem is not None:
        say(problem)
        return EXIT_ERROR
    from ..convert.engine import WorkerError

    try:
        return _run(args)
    except (ConfigError, UsageError, WorkerError) as error:
        say(str(error))
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    """Find the inputs, pick the sink for the output and run the conversion into it."""
    from ..convert.engine import Options, inputs
    from ..io.progress import Progress

    output = args.output if args.output != "-" else None
    config = file_config(args, KIND_GLOBS.get(args.source))
    # The output is not an input, when a folder or glob finds it.
    sources = find_sources(args, config, skip=output)
    found = inputs(sources, args.source)

    def end(read: int, unreadable: int) -> int:
        return sources.end(args, config, "converted", read, unreadable - sources.missing)

    single = _single(args)
    options = Options(
        args.to, args.positions, args.lossless, args.canonical, single, args.max_bytes, args.signals
    )
    progress = Progress(sys.stderr, sys.stderr.isatty() and not args.no_progress)
    to_folder = output is not None and (output.endswith(("/", os.sep)) or os.path.isdir(output))
    if args.to == "text":
        from ..convert.sinks import FolderSink, TextSink

        if output is None and not single:
            say("converting several documents to text needs -o FOLDER")
            return EXIT_ERROR
        if output is not None and (to_folder or not single):
            if os.path.exists(output.rstrip("/" + os.sep) or output) and not os.path.isdir(output):
                say(f"{output}: is a file, and several documents go to a folder: -o FOLDER/")
                return EXIT_ERROR
            sink: Sink = FolderSink(Path(output), args.strip_prefix)
        elif output is None:
            sys.stdout.flush()
            sink = TextSink(sys.stdout.buffer)
        else:
            sink = TextSink(None, Path(output), args.strip_prefix)
        return _convert(found, options, args.jobs, progress, sink, end)[0]
    if args.strip_prefix is not None:
        say(f"--strip-prefix applies to --to text, not --to {args.to}")
        return EXIT_ERROR
    if output is None:
        sys.stdout.flush()
        sink = _sink(options, sys.stdout.buffer)
        return _convert(found, options, args.jobs, progress, sink, end)[0]
    if to_folder:
        say(f"{output}: names a folder; --to {args.to} writes a file")
        return EXIT_ERROR

    try:
        with atomic_write(output) as stream:
            sink = _sink(options, stream)
            status, keep = _convert(found, options, args.jobs, progress, sink, end)
            if not keep:
                raise _DiscardOutputError(status)
    except _DiscardOutputError as discard:
        return discard.status
    except OSError as error:
        say(f"{output}: cannot write: {error.strerror or error}")
        return EXIT_ERROR
    return status


def _sink(options: Options, stream: BinaryIO) -> Sink:
    from ..convert import sinks as _sinks

    if options.to == "json":
        return _sinks.JSONSink(stream, options.single)
    if options.to == "jsonl":
        return _sinks.JSONLinesSink(stream)
    return _sinks.ParquetSink(stream, options.positions, options.lossless, options.signals)


def _convert(
    found: Iterable[Input],
    options: Options,
    jobs: int | None,
    progress: Progress,
    sink: Sink,
    end: Callable[[int, int], int],
) -> tuple[int, bool]:
    """Run the conversion into ``sink``; return the exit status and whether to keep the output.

    An output that cannot be written at all (a folder that cannot be made,
    several documents for one text) stops the run with one message.

    ``end(read, unreadable)`` says what happened when no input was read, and
    the exit code that calls for: then the output is not finished (no
    ``[]`` for paths that were not found).
    """
    from ..convert.engine import convert
    from ..convert.sinks import SinkError

    status = EXIT_OK
    read = unreadable = 0
    outcomes: Generator[Outcome, None, None] = convert(found, options, jobs)
    try:
        for outcome in outcomes:
            for message in outcome.problems:
                progress.say(message)
            status = max(status, outcome.status)
            if outcome.status == EXIT_ERROR and outcome.data is None:
                unreadable += 1
            else:
                read += 1
            if outcome.data is not None:
                refused = sink.write(outcome)
                if refused is not None:
                    progress.say(refused)
                    status = max(status, 1)
            progress.count(outcome.data is not None)
    except SinkError as error:
        outcomes.close()
        progress.say(str(error))
        progress.finish()
        return EXIT_ERROR, False
    progress.finish()
    nothing = end(read, unreadable)
    if nothing:
        return max(status, nothing), False
    try:
        return status, sink.close()
    except SinkError as error:
        progress.say(str(error))
        return EXIT_ERROR, False
