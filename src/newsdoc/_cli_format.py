"""``newsdoc format``: rewrite news dumps in the canonical form of the spec."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from ._cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, say
from ._errors import ParseError
from ._files import atomic_write
from ._parser import parse
from ._paths import InputError, add_max_bytes_argument, iter_files, read_bytes
from ._writer import dumps

_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``format``."""
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders to search for *.txt, or - to read stdin and write stdout",
    )
    add_max_bytes_argument(parser)
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


def canonical_bytes(data: bytes) -> bytes | list[ParseError]:
    """The canonical form of ``data``, or its errors when it does not parse."""
    result = parse(data)
    if result.errors or result.document is None:
        return list(result.errors)
    return dumps(result.document, canonical=True).encode("utf-8")


def _lines(data: bytes) -> list[str]:
    # Not str.splitlines(): U+2028 and friends are content, not line breaks.
    return _LINE.findall(data.decode("utf-8"))


def _diff(name: str, before: bytes, after: bytes) -> str:
    old, new = _lines(before), _lines(after)
    lines = difflib.unified_diff(old, new, fromfile=f"{name}", tofile=f"{name} (formatted)")
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _report(name: str, errors: list[ParseError]) -> None:
    for error in errors:
        say(f"{name}:{error.line}:{error.column}: {error.code} {error.msg} (not formatted)")


def run(args: argparse.Namespace) -> int:
    """Format every file; a file that does not parse is reported and never rewritten."""
    if "-" in args.paths:
        if len(args.paths) > 1:
            say("'-' (stdin) cannot be combined with other paths")
            return EXIT_ERROR
        return _run_stdin(args)
    status = EXIT_OK
    changed = unchanged = 0
    for name, path in _files_with_tree(args.paths):
        try:
            if isinstance(path, InputError):
                raise path
            before = read_bytes(path, args.max_bytes)
        except InputError as error:
            say(str(error))
            status = EXIT_ERROR
            continue
        after = canonical_bytes(before)
        if isinstance(after, list):
            _report(str(path), after)
            status = max(status, EXIT_PROBLEMS)
            continue
        if after == before:
            unchanged += 1
            continue
        changed += 1
        if args.check:
            print(f"would reformat {path}")
        elif args.diff:
            sys.stdout.write(_diff(str(path), before, after))
        else:
            try:
                _write(path, after, name)
            except OSError as error:
                say(f"{path}: cannot write: {error.strerror or error}")
                status = EXIT_ERROR
                changed -= 1
                continue
    if (args.check or args.diff) and changed:
        status = max(status, EXIT_PROBLEMS)
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    say(f"{_files(changed)} {verb}, {_files(unchanged)} already canonical")
    return status


def _files_with_tree(paths: list[str]) -> Iterator[tuple[str | None, Path | InputError]]:
    """Each file with its tree: the folder argument it was found in (None: the current folder)."""
    for name in paths:
        tree = name if os.path.isdir(name) else None
        for path in iter_files([name]):
            yield tree, path


def _write(path: Path, data: bytes, tree: str | None = None) -> None:
    """Replace ``path`` atomically; a link is followed only to a file inside ``tree``."""
    with atomic_write(path, tree) as file:
        file.write(data)


def _files(count: int) -> str:
    return f"{count} file" + ("" if count == 1 else "s")


def _run_stdin(args: argparse.Namespace) -> int:
    limit = args.max_bytes
    before = sys.stdin.buffer.read() if limit is None else sys.stdin.buffer.read(limit + 1)
    if limit is not None and len(before) > limit:
        say(
            f"-: larger than the limit of {limit:,} bytes (raise it with --max-bytes, or 0 for no limit)"
        )
        return EXIT_ERROR
    after = canonical_bytes(before)
    if isinstance(after, list):
        _report("-", after)
        sys.stdout.buffer.write(before)  # pass the input through unchanged
        return EXIT_PROBLEMS
    if args.check:
        if after != before:
            print("would reformat -")
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.diff:
        sys.stdout.write(_diff("-", before, after))
        return EXIT_PROBLEMS if after != before else EXIT_OK
    sys.stdout.buffer.write(after)
    return EXIT_OK
