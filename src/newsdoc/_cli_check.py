"""``newsdoc check``: report every problem in news dumps."""

from __future__ import annotations

import argparse

from ._cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, say
from ._parser import parse
from ._paths import InputError, add_max_bytes_argument, iter_files, read_bytes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``check``."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, or folders to search for *.txt"
    )
    add_max_bytes_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Check every file; print ``path:line:col: CODE message`` for each problem."""
    status = EXIT_OK
    for path in iter_files(args.paths):
        try:
            if isinstance(path, InputError):
                raise path
            data = read_bytes(path, args.max_bytes)
        except InputError as error:
            say(str(error))
            status = EXIT_ERROR
            continue
        result = parse(data)
        for problem in result.errors:
            print(f"{path}:{problem.line}:{problem.column}: {problem.code} {problem.msg}")
        if result.errors and status == EXIT_OK:
            status = EXIT_PROBLEMS
    return status
