"""The options that several commands share, declared once, and the helpers that apply them.

Every command that reads files (``check``, ``format``, ``report`` and
``convert``) finds them with the one finder,
:func:`newsdoc.io.finder.iter_sources`, and takes the same options for it:
the configuration file (``--config``, ``--isolated``, or discovered), its
``include`` and ``exclude`` globs (overridable on the command line),
``--force-exclude`` for files named explicitly (as pre-commit names them),
``--stdin-filename`` and ``--max-bytes``.  ``--jobs``, ``--color``,
``-q``/``--quiet``, ``--no-progress`` and the rule selection are declared
here too, so that each is written (and documented) once.

What applying an option needs is imported at the top, except the baseline
(``newsdoc.config.baseline``), loaded only when one is asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

import attrs

from ..config.globs import check_glob
from ..config.settings import Config, ConfigError, discover, load
from ..io.files import atomic_write
from ..io.finder import Source, iter_sources
from ..io.paths import DEFAULT_MAX_BYTES
from ..model.words import plural
from ..rules.registry import SelectorError, resolve_selector
from .main import say

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..config.baseline import Baseline
    from ..io.finder import SourceError

__all__ = [
    "Found",
    "UsageError",
    "add_color",
    "add_file_arguments",
    "add_jobs",
    "add_max_bytes",
    "add_no_progress",
    "add_paths",
    "add_quiet",
    "add_rule_arguments",
    "configure",
    "file_config",
    "find_sources",
    "input_paths",
    "jobs_argument",
    "read_baseline",
    "use_color",
    "write_report",
]


class UsageError(Exception):
    """A bad combination of options (exit 2)."""


# --- declaring -------------------------------------------------------------------


def add_paths(parser: argparse.ArgumentParser, text: str, *, required: bool) -> None:
    """The ``PATH`` arguments: at least one if ``required``, else any number."""
    parser.add_argument("paths", nargs="+" if required else "*", metavar="PATH", help=text)


def add_file_arguments(
    parser: argparse.ArgumentParser, verb: str, stdin_name: str
) -> argparse._ArgumentGroup:
    """Declare the configuration and file-selection options; return their group.

    ``verb`` is what the command does to a file ("check"), ``stdin_name``
    what ``--stdin-filename`` names standard input in.
    """
    group = parser.add_argument_group("files and configuration")
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
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_false",
        help="search folders without honouring .gitignore, .ignore and .git/info/exclude "
        "(files named on the command line are always read)",
    )
    group.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help=f"the name of standard input in {stdin_name}",
    )
    group.add_argument(
        "--fail-on-empty",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="exit 2 when the paths hold no file to read (default: a warning; "
        "configuration key fail-on-empty)",
    )
    return group


def add_rule_arguments(parser: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """The rule options that ``check`` and ``report`` share; returns their group."""
    rules = parser.add_argument_group("rules")
    for flag, text in (
        ("--select", "rules to check, replacing the configuration's selection"),
        ("--extend-select", "rules to check as well"),
        ("--ignore", "rules not to check"),
    ):
        rules.add_argument(
            flag,
            action="append",
            metavar="RULES",
            help=f"{text}: comma-separated codes (ND101), prefixes (ND1) or names; ALL",
        )
    rules.add_argument(
        "--strict", action="store_true", default=None, help="warnings fail the run too"
    )
    rules.add_argument(
        "--max-findings-per-rule",
        type=_count,
        metavar="N",
        help="list at most N findings of a rule in a file, then one that counts the rest "
        "(default: 1000, or the configuration's; 0: all)",
    )
    rules.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when problems are found (I/O and usage errors still exit 2)",
    )
    return rules


def add_jobs(parser: argparse.ArgumentParser, text: str) -> None:
    """``-j``/``--jobs``: how many worker processes do ``text`` (default: one per core)."""
    parser.add_argument("-j", "--jobs", type=jobs_argument, default=None, metavar="N", help=text)


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    """``--max-bytes``: the size limit of one input file."""
    parser.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip (and report) input files larger than SIZE bytes; K, M and G suffixes "
        "are allowed; 0 means no limit (default: 64M)",
    )


def add_color(group: argparse._ActionsContainer, coloured: str) -> None:
    """``--color``: whether to colour ``coloured`` (what the command colours)."""
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help=f"colour {coloured} (auto: on a terminal unless NO_COLOR is set or TERM=dumb, "
        "or when FORCE_COLOR is set)",
    )


def add_quiet(group: argparse._ActionsContainer, text: str) -> None:
    """``-q``/``--quiet``, doing ``text``."""
    group.add_argument("-q", "--quiet", action="store_true", help=text)


def add_no_progress(parser: argparse.ArgumentParser) -> None:
    """``--no-progress``: no progress line on a terminal."""
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress display (it is only shown when stderr is a terminal)",
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


def _count(value: str) -> int:
    """A whole number from 0 (an argparse type)."""
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number from 0, got {value!r}")
    return int(value)


_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def _size(text: str) -> int | None:
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = value[-1:] if value[-1:] in _UNITS else ""
    number = value[: len(value) - len(unit)]
    if not number.isdigit():
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or K, M, G)")
    size = int(number) * _UNITS[unit]
    return size or None


# --- applying --------------------------------------------------------------------


def file_config(args: argparse.Namespace, include: tuple[str, ...] | None = None) -> Config:
    """The configuration file's settings (or the defaults), with the command line's globs.

    ``include`` replaces the configuration's ``include`` (``--include``
    still wins): ``convert`` searches folders for what its input kind says.
    Raises :class:`newsdoc.ConfigError` for a bad file, :class:`UsageError`
    for ``--isolated`` with ``--config``.
    """
    if args.isolated and args.config:
        raise UsageError("--isolated and --config cannot be used together")
    if args.isolated:
        config = Config(root=Path.cwd())
    elif args.config:
        config = load(args.config)
    else:
        config = discover()
    if args.include is not None:
        include = tuple(args.include)
    for flag, patterns in (
        ("--include", args.include),
        ("--exclude", args.exclude),
        ("--extend-exclude", args.extend_exclude),
    ):
        for pattern in patterns or ():
            problem = check_glob(pattern)
            if problem is not None:
                raise ConfigError(f"{flag}: bad glob {pattern!r}: {problem}")
    return attrs.evolve(
        config,
        fail_on_empty=config.fail_on_empty if args.fail_on_empty is None else args.fail_on_empty,
        include=config.include if include is None else include,
        exclude=config.exclude if args.exclude is None else tuple(args.exclude),
        extend_exclude=(*config.extend_exclude, *(args.extend_exclude or ())),
    )


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def configure(args: argparse.Namespace) -> Config:
    """The configuration file's settings, then the command line's globs and rules on top."""
    config = file_config(args)
    selections = {}
    for flag in ("select", "extend_select", "ignore"):
        selectors = _split(getattr(args, flag))
        for selector in selectors or ():
            try:
                resolve_selector(selector)
            except SelectorError as error:
                raise ConfigError(f"--{flag.replace('_', '-')}: {error}") from None
        selections[flag] = selectors
    config = config.with_selection(
        select=selections["select"],
        extend_select=selections["extend_select"] or (),
        ignore=selections["ignore"] or (),
        strict=args.strict,
    )
    if args.max_findings_per_rule is not None:
        config = attrs.evolve(config, max_findings_per_rule=args.max_findings_per_rule)
    return config


def read_baseline(path: str) -> Baseline:
    """The baseline in ``path`` (imported only when asked for); UsageError if it is bad."""
    from ..config.baseline import Baseline, BaselineError

    try:
        return Baseline.read(path)
    except BaselineError as error:
        raise UsageError(str(error)) from None


def input_paths(args: argparse.Namespace) -> list[str]:
    """The paths to read: those given, else standard input with ``--stdin-filename``, else ``.``."""
    return list(args.paths) or (["-"] if args.stdin_filename else ["."])


class Found:
    """The inputs the command line names, counted as they are found (an iterable, once)."""

    def __init__(self, sources: Iterator[Source | SourceError]) -> None:
        self._sources = sources
        self.files = 0
        """Inputs found (files and standard input)."""
        self.missing = 0
        """Paths that name nothing: no such file or folder, a glob that matches no file."""

    def __iter__(self) -> Iterator[Source | SourceError]:
        for source in self._sources:
            if isinstance(source, Source):
                self.files += 1
            elif source.missing:
                self.missing += 1
            yield source

    def end(
        self, args: argparse.Namespace, config: Config, done: str, read: int, unreadable: int
    ) -> int:
        """After the run: say what happened when no file was read; the exit code it calls for.

        ``done`` is what was done to files ("checked"), ``read`` how many
        inputs were read, ``unreadable`` how many could not be read for
        another reason than not being there (the finder's errors included).
        When none was read, what happened is said as such ("1 path not
        found; no file checked", exit 2); paths that hold no file at all
        get a warning (exit 0), or with ``fail-on-empty`` an error (exit 2).
        Otherwise nothing is said and 0 is returned.
        """
        if read:
            return 0
        if self.missing or unreadable:
            notes = []
            if self.missing:
                notes.append(f"{plural(self.missing, 'path')} not found")
            if unreadable:
                notes.append(f"{unreadable} could not be read")
            say(f"{'; '.join(notes)}; no file {done}")
            return 2
        where = f"no files found in {' '.join(input_paths(args))} (include: {', '.join(config.include)})"
        if config.fail_on_empty:
            say(f"error: {where}; no file {done}")
            return 2
        say(f"warning: {where}; no file {done} (--fail-on-empty makes this an error)")
        return 0


def find_sources(args: argparse.Namespace, config: Config, *, skip: str | None = None) -> Found:
    """The inputs the command line names, found by the one finder with its options, counted.

    ``skip`` is a file that a folder or glob finds but must not read (the output).
    """
    return Found(
        iter_sources(
            input_paths(args),
            config,
            force_exclude=args.force_exclude,
            stdin_filename=args.stdin_filename,
            skip=skip,
            max_bytes=args.max_bytes,
            respect_gitignore=args.respect_gitignore,
        )
    )


def use_color(args: argparse.Namespace, stream: TextIO | None = None) -> bool:
    """Whether to colour what goes to ``stream`` (default: stdout).

    ``--color always`` or ``never`` decides; with ``auto`` (the default),
    as CPython decides for its own output: ``NO_COLOR`` (set and not empty)
    turns colour off, else ``FORCE_COLOR`` turns it on, else ``TERM=dumb``
    turns it off, else colour is on when the stream is a terminal.
    """
    if args.color != "auto":
        return bool(args.color == "always")
    environ = os.environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    return (stream or sys.stdout).isatty()


def write_report(path: str, text: str) -> bool:
    """Write a report to ``path`` atomically, making its folder; say why and give False if not."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as file:
            file.write(text.encode("utf-8"))
    except OSError as error:
        say(f"{path}: cannot write report: {error.strerror or error}")
        return False
    return True
