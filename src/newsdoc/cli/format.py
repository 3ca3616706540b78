"""``newsdoc format``: rewrite news dumps in the canonical form of the spec.

Folders are searched as ``check`` searches them: the configuration's
``include`` and ``exclude`` globs apply (and, with ``--force-exclude``, to
files named explicitly too); without a path, the current folder.  The
summary line goes to stdout, or to stderr with ``--diff`` (stdout then
holds the diff).  Exit codes: 0 done (or, with ``--check`` and
``--diff``, nothing to change); 1 a file does not parse, or would change;
2 usage, configuration or I/O problems.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config.settings import ConfigError
from ..io.content import compress, compression, unpack
from ..io.files import Stamp, atomic_write, file_stamp
from ..io.finder import SourceError
from ..io.paths import InputError, read_stdin
from ..io.reading import read_raw
from ..model.chars import escape
from ..model.errors import ParseError
from ..model.words import plural
from ..syntax.parser import parse
from ..syntax.writer import dumps
from .main import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, emit, say
from .options import (
    UsageError,
    add_color,
    add_file_arguments,
    add_max_bytes,
    add_paths,
    add_quiet,
    file_config,
    find_sources,
    use_color,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``format``."""
    add_paths(
        parser,
        "files, folders (searched recursively, *.txt and compressed *.txt.gz... by default: "
        "written back compressed), quoted globs, "
        "or - to read stdin and write stdout; default: the current folder",
        required=False,
    )
    add_max_bytes(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the files that would change and exit 1 if any would",
    )
    mode.add_argument(
        "--diff",
        action="store_true",
        help="change nothing; print a unified diff of the changes and exit 1 if there are any",
    )
    add_color(parser, "--diff")
    add_quiet(
        parser,
        "no summary line (problems are still reported); the summary goes to stdout, "
        "or to stderr with --diff",
    )
    add_file_arguments(parser, "format", "messages")


def canonical_bytes(data: bytes) -> bytes | list[ParseError]:
    """The canonical form of ``data``, or its errors when it does not parse."""
    result = parse(data)
    if result.errors or result.document is None:
        return list(result.errors)
    return dumps(result.document, canonical=True).encode("utf-8")


def _diff(name: str, before: bytes, after: bytes, color: bool = False) -> str:
    from ..output.diff import unified_diff

    return unified_diff(name, before, after, "formatted", color)


def _report(name: str, errors: list[ParseError]) -> None:
    for error in errors:
        say(f"{name}:{error.line}:{error.column}: {error.code} {error.msg} (not formatted)")


def run(args: argparse.Namespace) -> int:
    """Format every file; a file that does not parse is reported and never rewritten."""
    if "-" in args.paths and len(args.paths) > 1:
        say("'-' (stdin) cannot be combined with other paths")
        return EXIT_ERROR
    try:
        config = file_config(args)
    except (ConfigError, UsageError) as error:
        say(str(error))
        return EXIT_ERROR
    status = EXIT_OK
    changed = unchanged = failed = unreadable = missing = 0
    refused: set[str] = set()
    sources = find_sources(args, config)
    for source in sources:
        if isinstance(source, SourceError):
            say(str(source))
            status = EXIT_ERROR
            missing += source.missing
            unreadable += not source.missing
            continue
        if source.stdin:
            return _run_stdin(args, source.name)
        reason = source.read_only
        if reason is not None and not (args.check or args.diff):
            if reason not in refused:
                refused.add(reason)
                say(
                    f"{reason}: not formatted (format rewrites local files; --check and --diff read)"
                )
            status = EXIT_ERROR
            failed += 1
            continue
        # Before reading: a file changed later is not overwritten.
        stamp = None if source.path is None else file_stamp(source.path)
        try:
            raw = read_raw(source, args.max_bytes)
            before = unpack(raw, source.name, args.max_bytes)
        except InputError as error:
            say(str(error))
            status = EXIT_ERROR
            unreadable += 1
            continue
        after = canonical_bytes(before)
        if isinstance(after, list):
            _report(source.name, after)
            status = max(status, EXIT_PROBLEMS)
            failed += 1
            continue
        if after == before:
            unchanged += 1
            continue
        if args.check:
            print(f"would reformat {escape(source.name)}")
        elif args.diff:
            sys.stdout.write(_diff(source.name, before, after, use_color(args)))
        else:
            kind = compression(raw)
            try:
                assert source.path is not None  # read-only inputs were refused
                data = after if kind is None else compress(after, kind)
                _write(source.path, data, source.tree, stamp)
            except OSError as error:
                say(f"{source.name}: cannot write: {error.strerror or error}")
                status = EXIT_ERROR
                failed += 1
                continue
        changed += 1
    if (args.check or args.diff) and changed:
        status = max(status, EXIT_PROBLEMS)
    read = changed + unchanged + failed
    status = max(status, sources.end(args, config, "formatted", read, unreadable))
    if read and not args.quiet:
        verb = "would be reformatted" if args.check or args.diff else "reformatted"
        line = f"{plural(changed, 'file')} {verb}, {plural(unchanged, 'file')} already canonical"
        if failed:
            line += f", {plural(failed, 'file')} not formatted"
        notes = [f"{plural(missing, 'path')} not found"] if missing else []
        notes += [f"{unreadable} could not be read"] if unreadable else []
        if notes:
            line += f" ({'; '.join(notes)})"
        # With --diff, stdout holds the diff: the summary goes to stderr.
        emit(line + "\n", sys.stderr if args.diff else sys.stdout)
    return status


def _write(path: Path, data: bytes, tree: str | None = None, stamp: Stamp | None = None) -> None:
    """Replace ``path`` atomically, if it is still as read; a link is followed only inside ``tree``."""
    with atomic_write(path, tree, expect=stamp) as file:
        file.write(data)


def _run_stdin(args: argparse.Namespace, name: str) -> int:
    """Standard input to standard output (or, with --check and --diff, only the verdict)."""
    try:
        raw = read_stdin(args.max_bytes)
        before = unpack(raw, name, args.max_bytes)
    except InputError as error:
        say(str(error))
        return EXIT_ERROR
    after = canonical_bytes(before)
    if isinstance(after, list):
        _report(name, after)
        if not (args.check or args.diff):
            sys.stdout.buffer.write(raw)  # pass the input through unchanged
        return EXIT_PROBLEMS
    if args.check:
        if after != before:
            print(f"would reformat {escape(name)}")
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.diff:
        sys.stdout.write(_diff(name, before, after, use_color(args)))
        return EXIT_PROBLEMS if after != before else EXIT_OK
    kind = compression(raw)  # compressed in, compressed out
    sys.stdout.buffer.write(after if kind is None else compress(after, kind))
    return EXIT_OK
