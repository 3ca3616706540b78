"""``newsdoc check``: run the rules over news dumps and report what they find.

Exit codes: 0 no errors (warnings allowed unless ``--strict``); 1 errors,
or warnings with ``--strict``; 2 usage, configuration or I/O problems, each
named with its file.  A file that cannot be read does not stop the others.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._cli import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, say
from ._paths import add_max_bytes_argument
from ._pool import WorkerError, default_jobs, jobs_argument

if TYPE_CHECKING:
    from ._baseline import Baseline
    from ._config import Config
    from ._report import FileReport, RunReport

FORMAT_NAMES = ("full", "concise", "json", "github", "sarif", "junit", "gitlab")


class UsageError(Exception):
    """A bad combination of options (exit 2)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``check``."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files and folders to check (folders recursively, *.txt by default); "
        "'-' reads standard input; default: the current folder",
    )
    add_max_bytes_argument(parser)
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_argument,
        default=None,
        metavar="N",
        help="worker processes for checking many files (default: the number of cores; "
        "none below 256 files)",
    )
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
        "--exit-zero",
        action="store_true",
        help="exit 0 even when problems are found (I/O and usage errors still exit 2)",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--output-format",
        choices=FORMAT_NAMES,
        help="how to print the problems (default: full; github when GITHUB_ACTIONS=true)",
    )
    output.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:PATH",
        help="also write a report in FORMAT to PATH (repeatable), from the same run",
    )
    output.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the full format (auto: on a terminal, unless NO_COLOR is set)",
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="print only the problems, no summary line"
    )
    files = parser.add_argument_group("files and configuration")
    files.add_argument("--config", metavar="FILE", help="use this configuration file")
    files.add_argument(
        "--isolated", action="store_true", help="ignore configuration files; use the defaults"
    )
    for flag, text in (
        ("--include", "files to check in folders, replacing the configured globs"),
        ("--exclude", "files and folders to skip, replacing the configured globs"),
        ("--extend-exclude", "files and folders to skip as well"),
    ):
        files.add_argument(flag, action="append", metavar="GLOB", help=f"{text} (repeatable)")
    files.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclude to files named on the command line too (for pre-commit)",
    )
    files.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the name of standard input in reports and for per-file ignores",
    )
    baseline = parser.add_argument_group("baseline")
    baseline.add_argument(
        "--baseline", metavar="FILE", help="report only findings that FILE does not hold"
    )
    baseline.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE instead of reporting them",
    )


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _configure(args: argparse.Namespace) -> Config:
    """The configuration file's settings, then the command line's on top."""
    import attrs

    from ._config import Config, ConfigError, discover, load
    from ._rules import SelectorError, resolve_selector

    if args.isolated and args.config:
        raise UsageError("--isolated and --config cannot be used together")
    if args.isolated:
        config = Config(root=Path.cwd())
    elif args.config:
        config = load(args.config)
    else:
        config = discover()
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
    return attrs.evolve(
        config,
        include=config.include if args.include is None else tuple(args.include),
        exclude=config.exclude if args.exclude is None else tuple(args.exclude),
        extend_exclude=(*config.extend_exclude, *(args.extend_exclude or ())),
    )


def _reports(values: list[str]) -> list[tuple[str, str]]:
    reports = []
    for value in values:
        name, sep, path = value.partition(":")
        if not sep or not path or name not in FORMAT_NAMES:
            raise UsageError(
                f"--report {value!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMAT_NAMES)}"
            )
        reports.append((name, path))
    return reports


def _check(
    args: argparse.Namespace, config: Config, baseline: Baseline | None, writer: Baseline | None
) -> RunReport:
    from ._checker import check_sources
    from ._discover import SourceError, iter_sources
    from ._paths import InputError
    from ._report import FileReport, RunReport

    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    jobs = args.jobs if args.jobs is not None else default_jobs()
    files: list[FileReport] = []
    hidden = 0
    sources = iter_sources(
        paths, config, force_exclude=args.force_exclude, stdin_filename=args.stdin_filename
    )
    for source, result in check_sources(sources, config, args.max_bytes, jobs):
        if isinstance(source, SourceError):
            say(str(source))
            files.append(FileReport(source.name, error=source.reason))
            continue
        if isinstance(result, InputError):
            say(str(result))
            files.append(FileReport(source.name, error=result.reason))
            continue
        assert isinstance(result, list)
        diagnostics = result
        if writer is not None:
            writer.add(source.name, diagnostics)
        if baseline is not None:
            fresh = baseline.new(source.name, diagnostics)
            hidden += len(diagnostics) - len(fresh)
            diagnostics = fresh
        files.append(FileReport(source.name, tuple(diagnostics)))
    return RunReport(tuple(files), strict=config.strict, hidden=hidden)


def _stream(args: argparse.Namespace, config: Config, output: str, color: bool) -> int:
    """Check and print file by file: for a format printed so, when nothing needs the whole run.

    What is printed is what rendering the whole run gives, but memory stays
    flat, and worker processes print their files' findings too.
    """
    from ._checker import Style, check_sources
    from ._discover import SourceError, iter_sources
    from ._report import Tally, render_end

    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    jobs = args.jobs if args.jobs is not None else default_jobs()
    sources = iter_sources(
        paths, config, force_exclude=args.force_exclude, stdin_filename=args.stdin_filename
    )
    style = Style(output, config.strict, color)
    tally = Tally()
    pending: list[str] = []
    size = 0
    for source, result in check_sources(sources, config, args.max_bytes, jobs, style):
        if not isinstance(result, tuple):
            say(str(source if isinstance(source, SourceError) else result))
            tally.unreadable += 1
            continue
        text, errors, warnings = result
        tally.count(errors, warnings)
        if text:
            pending.append(text)
            size += len(text)
            if size > 1 << 16:
                _emit("".join(pending))
                pending, size = [], 0
    _emit("".join(pending) + render_end(output, tally, color, args.quiet))
    if tally.unreadable:
        return EXIT_ERROR
    failed = tally.errors or (config.strict and tally.warnings)
    return EXIT_PROBLEMS if failed and not args.exit_zero else EXIT_OK


def _color(args: argparse.Namespace) -> bool:
    if args.color != "auto":
        return bool(args.color == "always")
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run(args: argparse.Namespace) -> int:
    """Check every file, print the report, write the requested reports; return the exit code."""
    from ._config import ConfigError

    try:
        config = _configure(args)
        reports = _reports(args.report)
        baseline, writer = _baselines(args)
    except (ConfigError, UsageError) as error:
        say(str(error))
        return EXIT_ERROR
    from ._report import STREAMED, render

    output = args.output_format
    if output is None:
        output = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    try:
        if output in STREAMED and not reports and baseline is None and writer is None:
            return _stream(args, config, output, _color(args))
        report = _check(args, config, baseline, writer)
    except WorkerError as error:
        say(str(error))
        return EXIT_ERROR
    status = EXIT_ERROR if any(f.error is not None for f in report.files) else EXIT_OK
    if writer is not None:
        return _write_baseline(args.write_baseline, writer, status)
    _emit(render(output, report, color=_color(args), quiet=args.quiet))
    for name, path in reports:
        if not _write_report(path, render(name, report)):
            status = EXIT_ERROR
    failed = any(report.fails(d) for f in report.files for d in f.diagnostics)
    if status == EXIT_OK and failed and not args.exit_zero:
        status = EXIT_PROBLEMS
    return status


def _baselines(args: argparse.Namespace) -> tuple[Baseline | None, Baseline | None]:
    """The baseline to filter with, and the one to write (imported only when asked for)."""
    if not (args.baseline or args.write_baseline):
        return None, None
    from ._baseline import Baseline, BaselineError

    try:
        baseline = Baseline.read(args.baseline) if args.baseline else None
    except BaselineError as error:
        raise UsageError(str(error)) from None
    writer = Baseline.for_file(args.write_baseline) if args.write_baseline else None
    return baseline, writer


def _emit(text: str) -> None:
    """Print to stdout; characters its encoding lacks are written as escapes, not a crash."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    sys.stdout.flush()


def _write_report(path: str, text: str) -> bool:
    from ._files import atomic_write

    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as file:
            file.write(text.encode("utf-8"))
    except OSError as error:
        say(f"{path}: cannot write report: {error.strerror or error}")
        return False
    return True


def _write_baseline(path: str, writer: Baseline, status: int) -> int:
    from ._baseline import BaselineError

    try:
        writer.write(path)
    except BaselineError as error:
        say(str(error))
        return EXIT_ERROR
    total = sum(writer.counts.values())
    files = len({key[0] for key in writer.counts})
    say(
        f"wrote {total} finding{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''} to {path}"
    )
    return status
