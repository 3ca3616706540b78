"""``newsdoc completion SHELL``: print a tab-completion script for bash, zsh or fish.

The script is generated from the command line's own parser by shtab (the
extra ``newsdoc[completion]``), when asked for: nothing of it is loaded
when newsdoc runs, so completion costs no start-up time.  Paths complete
as files, ``--config``, ``--baseline`` and the like as files, and option
values from their choices.
"""

from __future__ import annotations

import argparse
import sys
from typing import Final

from .main import EXIT_ERROR, EXIT_OK, build_parser, say

SHELLS: Final = ("bash", "zsh", "fish")

_FILE_METAVARS: Final = frozenset({"PATH", "FILE", "OUT", "FORMAT:PATH"})
"""Arguments that name files: they complete as file names."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``completion``."""
    parser.add_argument(
        "shell",
        choices=SHELLS,
        metavar="SHELL",
        help="the shell to print the script for: bash, zsh or fish",
    )


def _mark_files(parser: argparse.ArgumentParser, files: object) -> None:
    """Make every argument that names a file complete as a file name (recursively)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _mark_files(sub, files)
        elif action.metavar in _FILE_METAVARS:
            action.complete = files  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> int:
    """Print the completion script of ``args.shell``."""
    try:
        import shtab
    except ImportError:
        say("completion needs shtab: pip install 'newsdoc[completion]'")
        return EXIT_ERROR
    parser = build_parser()
    _mark_files(parser, shtab.FILE)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK
