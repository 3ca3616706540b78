"""Options shared by the commands that read dumps from files and folders.

``check`` and ``format`` find their inputs the same way: the configuration
file (``--config``, ``--isolated``, or discovered), its ``include`` and
``exclude`` globs (overridable on the command line), ``--force-exclude`` for
files named explicitly (as pre-commit names them), and ``--stdin-filename``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config.settings import Config

__all__ = ["UsageError", "add_file_arguments", "file_config"]


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
