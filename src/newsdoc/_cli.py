"""The ``newsdoc`` command line.

``main(argv)`` returns the exit code: 0 success, 1 problems found in the
input, 2 usage, configuration, I/O or internal errors.  Results go to
stdout, messages to stderr; no traceback is ever printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ._errors import ParseError
from ._parser import parse

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

PROG = "newsdoc"


class UsageError(Exception):
    """A problem with the command line, a path or a file: exit code 2."""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdoc")
    except PackageNotFoundError:  # pragma: no cover - a bare source checkout
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (the CLI reference is built from it)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse, validate and convert plain-text news dumps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check", help="check that files are valid news dumps", description="Check news dumps."
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (*.txt inside)")

    convert = commands.add_parser(
        "convert",
        help="convert news dumps to JSON",
        description="Convert news dumps to JSON: {\"body\": [...], \"headlines\": [...]}.",
    )
    convert.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (*.txt inside)")
    convert.add_argument("--to", choices=["json"], default="json", help="output format (default: json)")
    return parser


def iter_files(paths: Sequence[str]) -> Iterator[Path]:
    """Yield the files named by ``paths``: files as given, folders searched for ``*.txt``.

    Raises UsageError for a path that does not exist.
    """
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.exists():
            yield path
        else:
            raise UsageError(f"{name}: no such file or folder")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not a file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None


def _report(path: Path, error: ParseError) -> None:
    print(f"{path}:{error.line}:{error.column}: {error.code} {error.msg}", file=sys.stdout)


def _check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.paths:
        try:
            files = list(iter_files([name]))
        except UsageError as error:
            _say(str(error))
            status = EXIT_ERROR
            continue
        for path in files:
            try:
                data = _read(path)
            except UsageError as error:
                _say(str(error))
                status = EXIT_ERROR
                continue
            result = parse(data)
            for problem in result.errors:
                _report(path, problem)
            if result.errors and status == EXIT_OK:
                status = EXIT_PROBLEMS
    return status


def _convert(args: argparse.Namespace) -> int:
    status = EXIT_OK
    outputs = []
    for name in args.paths:
        try:
            files = list(iter_files([name]))
        except UsageError as error:
            _say(str(error))
            status = EXIT_ERROR
            continue
        for path in files:
            try:
                data = _read(path)
            except UsageError as error:
                _say(str(error))
                status = EXIT_ERROR
                continue
            result = parse(data)
            if result.errors or result.document is None:
                for problem in result.errors:
                    _say(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.msg}")
                status = max(status, EXIT_PROBLEMS)
                continue
            document = result.document
            outputs.append(
                {
                    "source": os.fspath(path),
                    "body": [p.text for p in document.body],
                    "headlines": [h.text for h in document.headlines],
                }
            )
    if len(args.paths) == 1 and len(outputs) == 1 and not Path(args.paths[0]).is_dir():
        del outputs[0]["source"]
        json.dump(outputs[0], sys.stdout, ensure_ascii=False, indent=2)
    else:
        json.dump(outputs, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return status


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


_COMMANDS = {"check": _check, "convert": _convert}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return EXIT_OK if exit.code in (0, None) else EXIT_ERROR
    try:
        return _COMMANDS[args.command](args)
    except UsageError as error:
        _say(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsdoc ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence
        _say(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in newsdoc; please report it with the command and input."
        )
        return EXIT_ERROR


def main_entry() -> None:
    """The console script: exit with :func:`main`'s code."""
    sys.exit(main())
