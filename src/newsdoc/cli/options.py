"""Options shared by the commands that read dumps from files and folders.

``check`` and ``format`` find their inputs the same way: the configuration
file (``--config``, ``--isolated``, or discovered), its ``include`` and
``exclude`` globs (overridable on the command line), ``--force-exclude`` for
files named explicitly (as pre-commit names them), and ``--stdin-filename``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..io.paths import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from ..config.settings import Config

__all__ = [
    "UsageError",
    "add_file_arguments",
    "add_max_bytes_argument",
    "file_config",
    "jobs_argument",
]


class UsageError(Exception):
    """A bad combination of options (exit 2)."""


def add_file_arguments(group: argparse._ArgumentGroup, verb: str, stdin_name: str) -> None:
    """Declare the configuration and file-selection options.

    ``verb`` is what the command does to a file ("check"), ``stdin_name``
    what ``--stdin-filename`` names standard input in.
    """
    group.add_argument("--config", metavar="FILE", help="use this configuration file")
    group.add_argument(
        "--isolated", action="store_true", help="ignore configuration files; use the defaults"
    )
    for flag, text in (
        ("--include", f"files to {verb} in folders, replacing the configured globs"),
        ("--exclude", "files and folders to skip, replacing the configured globs"),
        ("--extend-exclude", "files and folders to skip as well"),
    ):
        group.add_argument(flag, action="append", metavar="GLOB", help=f"{text} (repeatable)")
    group.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude to files named on the command line too (for pre-commit)",
    )
    group.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help=f"the name of standard input in {stdin_name}",
    )


def file_config(args: argparse.Namespace) -> Config:
    """The configuration file's settings (or the defaults), with the command line's globs.

    Raises :class:`newsdoc.ConfigError` for a bad file, :class:`UsageError`
    for ``--isolated`` with ``--config``.
    """
    import attrs

    from ..config.settings import Config, discover, load

    if args.isolated and args.config:
        raise UsageError("--isolated and --config cannot be used together")
    if args.isolated:
        config = Config(root=Path.cwd())
    elif args.config:
        config = load(args.config)
    else:
        config = discover()
    return attrs.evolve(
        config,
        include=config.include if args.include is None else tuple(args.include),
        exclude=config.exclude if args.exclude is None else tuple(args.exclude),
        extend_exclude=(*config.extend_exclude, *(args.extend_exclude or ())),
    )


def jobs_argument(value: str) -> int:
    """``--jobs``: a whole number from 1 (an argparse type)."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {jobs}")
    return jobs


_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(text: str) -> int | None:
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = value[-1:] if value[-1:] in _UNITS else ""
    number = value[: len(value) - len(unit)]
    if not number.isdigit():
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or K, M, G)")
    size = int(number) * _UNITS[unit]
    return size or None


def add_max_bytes_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes`` (the size limit of one input file) to a command."""
    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip (and report) input files larger than SIZE bytes; K, M and G suffixes "
        "are allowed; 0 means no limit (default: 64M)",
    )
