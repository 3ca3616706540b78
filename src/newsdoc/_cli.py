"""The ``newsdoc`` command line.

``main(argv)`` returns the exit code: 0 success, 1 problems found in the
input, 2 usage, configuration, I/O or internal errors.  Results go to
stdout, messages to stderr; no traceback is ever printed.

Each command lives in its own module (``_cli_<name>.py``) with two
functions: ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Final

__all__ = ["build_parser", "main"]

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_ERROR: Final = 2
PROG: Final = "newsdoc"

# name: (module, one-line help)
COMMANDS: Final = {
    "check": ("_cli_check", "check that files are valid news dumps"),
    "convert": ("_cli_convert", "convert news dumps to JSON, JSON Lines or Parquet, and back"),
    "format": ("_cli_format", "rewrite news dumps in the canonical form"),
    "report": ("_cli_report", "summarize a corpus: rule counts, worst files, distributions"),
    "schema": ("_cli_schema", "print the JSON Schema of newsdoc's JSON output"),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdoc")
    except PackageNotFoundError:  # pragma: no cover - a bare source checkout
        return "unknown"


def _module(name: str) -> object:
    return import_module(f"newsdoc.{COMMANDS[name][0]}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (the CLI reference is built from it)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Parse, validate, convert and format plain-text news dumps."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_, summary) in COMMANDS.items():
        sub = commands.add_parser(
            name, help=summary, description=summary[0].upper() + summary[1:] + "."
        )
        _module(name).add_arguments(sub)  # type: ignore[attr-defined]
    return parser


def say(message: str) -> None:
    """Print a message for the user on stderr, prefixed with the program name."""
    text = f"{PROG}: {message}"
    # File names that are not UTF-8 reach here as surrogate escapes: show them escaped.
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return EXIT_OK if exit.code in (0, None) else EXIT_ERROR
    try:
        return int(_module(args.command).run(args))  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`newsdoc ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence
        say(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in newsdoc; please report it with the command and its input."
        )
        return EXIT_ERROR


def main_entry() -> None:
    """The console script: exit with :func:`main`'s code."""
    sys.exit(main())
