"""The ``newsdoc`` command line: the parser, :func:`main`, the exit codes, and how it prints.

``main(argv)`` returns the exit code: 0 success, 1 problems found in the
input, 2 usage, configuration, I/O or internal errors.  Results go to
stdout (:func:`emit`), messages to stderr (:func:`say`); no traceback is
ever printed.

Each command lives in its own module (``newsdoc/cli/<name>.py``) with two
functions: ``add_arguments(parser)`` and ``run(args) -> int``.  The options
several commands share, and the helpers that apply them, are in
:mod:`newsdoc.cli.options`; ``check`` reads and fixes files with
:mod:`newsdoc.cli.checking` and :mod:`newsdoc.cli.fixing`.  No command
module imports another's.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Final, TextIO

from ..io.metadata import version
from ..model.chars import escape

__all__ = ["build_parser", "emit", "main", "say"]

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_ERROR: Final = 2
PROG: Final = "newsdoc"
ISSUES: Final = "https://github.com/newsdoc/newsdoc/issues"

# name: (module, one-line help)
COMMANDS: Final = {
    "check": ("check", "check that files are valid news dumps"),
    "convert": ("convert", "convert news dumps to JSON, JSON Lines or Parquet, and back"),
    "format": ("format", "rewrite news dumps in the canonical form"),
    "report": ("report", "summarize a corpus: rule counts, worst files, distributions"),
    "schema": ("schema", "print the JSON Schemas of newsdoc's JSON outputs and configuration"),
    "completion": ("completion", "print a shell completion script (bash, zsh or fish)"),
}


class _VersionAction(argparse.Action):
    """``--version``: like argparse's, but reads the version only when asked.

    (importlib.metadata alone costs about 15 ms of every start.)
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, help="show program's version number and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        sys.stdout.write(f"{PROG} {version()}\n")
        parser.exit()


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal's width read without ``shutil``.

    argparse makes a formatter for every option it adds, and its own reads
    the width with ``shutil``, whose import (with ``bz2`` and ``lzma``) costs
    about 2 ms of every start.  The width is read the same way.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def _module(name: str) -> object:
    return import_module(f"newsdoc.cli.{COMMANDS[name][0]}")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of every command (the CLI reference is built from it).

    Given the command line about to be parsed, only the command it names is
    declared, and only its module imported; every command, with its summary,
    when it names none (``--version``, ``--help``, a misspelt command): the
    others would only slow the start (argparse looks up the translation of
    its own messages for every parser, about a third of a millisecond each).
    Without ``argv`` (the documentation tools) every command's options are
    declared.
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse, validate, convert and format plain-text news dumps.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # The command is the first argument that is not an option (the main
    # parser's options, --help and --version, take no value).
    first = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    chosen = first if first in COMMANDS else None
    for name, (_, summary) in COMMANDS.items():
        if chosen is not None and name != chosen:
            continue
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            formatter_class=_Formatter,
        )
        if argv is None or name == chosen:
            _module(name).add_arguments(sub)  # type: ignore[attr-defined]
    return parser


def _command_parser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of one command."""
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return commands.choices[name]  # type: ignore[no-any-return]


def say(message: str) -> None:
    r"""Print a message for the user on stderr, prefixed with the program name.

    The message is escaped (:func:`newsdoc.model.chars.escape`): a file name
    or text in it cannot send control or bidi characters to the terminal,
    nor bytes that are not UTF-8 (surrogate escapes, shown as ``\\udcXX``).
    """
    print(f"{PROG}: {escape(message)}", file=sys.stderr)


def emit(text: str, stream: TextIO | None = None) -> None:
    """Print (to stdout); characters its encoding lacks are written as escapes, not a crash."""
    stream = stream or sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    # Building the parser imports the command's modules: the collector is
    # paused meanwhile, as while newsdoc itself is imported (newsdoc/__init__.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = build_parser(argv)
    finally:
        if collecting:
            gc.enable()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:
            # argparse shows the top-level usage; an option after the command
            # is the command's, so show the command's usage.
            words = list(argv)
            first = words.index(unknown[0]) if unknown[0] in words else len(words)
            after = words.index(args.command) < first
            chosen = _command_parser(parser, args.command) if after else parser
            chosen.error(f"unrecognized arguments: {' '.join(unknown)}")
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
        detail = " ".join(str(error).split())  # one line, whatever the exception says
        say(
            f"internal error: {type(error).__name__}: {detail} (a bug in newsdoc: please "
            f"report it with the command and its input at {ISSUES})"
        )
        return EXIT_ERROR


def main_entry() -> None:
    """The console script (and ``python -m newsdoc``): exit with :func:`main`'s code.

    What is imported by now lives as long as the process, so it is moved out
    of the garbage collector's way (``gc.freeze``): collections, and the one
    at exit, no longer walk it.  That is about a tenth of a short run.
    """
    gc.freeze()
    sys.exit(main())
