"""``newsdoc check``: run the rules over news dumps and report what they find.

Exit codes: 0 no errors (warnings allowed unless ``--strict``); 1 errors,
or warnings with ``--strict``; 2 usage, configuration or I/O problems, each
named with its file.  A file that cannot be read does not stop the others.
With ``--fix`` the exit code is that of the problems that remain; with
``--diff``, 1 when there is something to fix.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import posixpath
import sys
import time
from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING

import attrs

from ..config.settings import ConfigError
from ..io.content import compression, unpack
from ..io.errors import WorkerError
from ..io.files import atomic_write, file_stamp
from ..io.finder import SourceError
from ..io.paths import InputError
from ..io.reading import read_raw, read_source
from ..model.words import plural
from ..output.formats import render
from ..output.results import FileReport, RunReport, Tally
from ..output.terminal import STREAMED, render_end
from ..rules.engine import validate
from .checking import Signed, Style, check_sources, uses_corpus
from .main import EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, emit, say
from .options import (
    Found,
    UsageError,
    add_color,
    add_file_arguments,
    add_jobs,
    add_max_bytes,
    add_paths,
    add_quiet,
    add_rule_arguments,
    configure,
    find_sources,
    read_baseline,
    use_color,
    write_report,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from ..config.baseline import Baseline
    from ..config.settings import Config
    from ..io.finder import Source, SourceError
    from ..model.diagnostic import Diagnostic
    from ..output.results import FileReport, RunReport
    from ..rules.merge import CorpusMerge
    from .checking import Result
    from .fixing import Fixer

    Checked = tuple[Source | SourceError, Result, int]
    """An input, what checking it gave (with ``--fix``, the problems that
    remain), and how many problems were fixed."""

_POSITION = attrgetter("line", "column", "code")

FORMAT_NAMES = ("full", "concise", "json", "github", "sarif", "junit", "gitlab")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``check``."""
    add_paths(
        parser,
        "files, folders (recursively, *.txt and compressed *.txt.gz, .bz2, .xz, .zst by "
        "default), archives (.tar, .tar.gz, .tar.zst, .zip...), URLs (s3://, https://...) "
        "and quoted globs to check; '-' reads standard input; default: the current folder",
        required=False,
    )
    add_max_bytes(parser)
    add_jobs(
        parser,
        "worker processes for checking many files (default: one per free core when there is "
        "enough work, about 6,000 small files or 40 MB, else one; with N > 1, none below "
        "256 files; --fix and --diff run in one process)",
    )
    add_rule_arguments(parser)
    fixes = parser.add_argument_group("fixes")
    fixes.add_argument(
        "--fix",
        action="store_true",
        help="apply the fixes (safe ones only, unless --unsafe-fixes), write the files, "
        "then report what remains; with '-', the fixed text goes to stdout and the report "
        "to stderr",
    )
    fixes.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, apply the unsafe fixes too (they change text: review them)",
    )
    fixes.add_argument(
        "--diff",
        action="store_true",
        help="write nothing: print the fixes as a unified diff, and exit 1 if there are any",
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
        "--statistics",
        action="store_true",
        help="instead of each problem, print one line per rule that fired: its code, "
        "count, number of files and name, most frequent first (a JSON list with "
        "--output-format json)",
    )
    add_color(output, "the full and concise formats and --diff")
    add_quiet(output, "print only the problems, no summary line")
    add_file_arguments(parser, "check", "reports and for per-file ignores")
    baseline = parser.add_argument_group("baseline")
    baseline.add_argument(
        "--baseline", metavar="FILE", help="report only findings that FILE does not hold"
    )
    baseline.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE instead of reporting them",
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


def _fix_sources(
    sources: Iterable[Source | SourceError],
    config: Config,
    max_bytes: int | None,
    baseline: Baseline | None,
    fixer: Fixer,
) -> Iterator[Checked]:
    """Read and fix every input in this process, in input order."""
    for source in sources:
        if isinstance(source, SourceError):
            yield source, None, 0
            continue
        try:
            stamp = None if source.path is None else file_stamp(source.path)  # kept if changed
            raw = read_raw(source, max_bytes)
            data = unpack(raw, source.name, max_bytes)
        except InputError as error:
            yield source, error, 0
            continue
        if source.read_only is not None and not fixer.diff:
            # Checked as usual, never written: one message per archive.
            fixer.refuse(source.read_only)
            yield source, validate(data, config.for_path(source.relative)), 0
            continue
        keep = None
        if baseline is not None:
            keep = functools.partial(baseline.new, source.name)
        diagnostics, fixed = fixer.fix(
            source, data, config.for_path(source.relative), keep, compression(raw), stamp
        )
        yield source, diagnostics, fixed


def _recorded(
    name: str,
    diagnostics: list[Diagnostic],
    writer: Baseline | None,
    baseline: Baseline | None,
) -> tuple[list[Diagnostic], int]:
    """A file's findings written to ``--write-baseline``'s file, less those the baseline holds.

    Returns what is left to report and how many the baseline hid.
    """
    if writer is not None:
        writer.add(name, diagnostics)
    if baseline is None:
        return diagnostics, 0
    fresh = baseline.new(name, diagnostics)
    return fresh, len(diagnostics) - len(fresh)


def _check(
    args: argparse.Namespace,
    config: Config,
    sources: Found,
    baseline: Baseline | None,
    writer: Baseline | None,
    fixer: Fixer | None = None,
    shown: bool = True,
) -> RunReport:
    """Check every input, and add the corpus rules' findings at the end.

    ``shown``: whether an output uses the findings' source lines (printed, or
    in fingerprints), so that repeated-line findings need theirs.
    """
    files: list[FileReport] = []
    hidden = 0
    started, clock = time.time(), time.perf_counter()
    merge = None
    places: list[int] = []  # each signed file's place in files...
    signed: list[Source] = []  # ...and it, when its line may need showing
    fill = shown or baseline is not None or writer is not None
    if fixer is None and uses_corpus(config):
        from ..rules.merge import CorpusMerge

        merge = CorpusMerge(config)
    if fixer is None:
        results = check_sources(sources, config, args.max_bytes, args.jobs)
        checked: Iterator[Checked] = ((source, result, 0) for source, result in results)
    else:
        # Fixing writes files as it goes: it runs in this process (--jobs is ignored).
        checked = _fix_sources(sources, config, args.max_bytes, baseline, fixer)
    for source, result, fixed in checked:
        if isinstance(source, SourceError):
            say(str(source))
            files.append(FileReport(source.name, error=source.reason, missing=source.missing))
            continue
        if isinstance(result, InputError):
            say(str(result))
            files.append(FileReport(source.name, error=result.reason, missing=result.missing))
            continue
        if isinstance(result, Signed):
            if merge is not None:
                merge.add(source.name, posixpath.dirname(source.name), result.signature)
                places.append(len(files))
                if fill:
                    signed.append(source)
            result = result.diagnostics
        assert isinstance(result, list)
        diagnostics = result
        diagnostics, left_out = _recorded(source.name, diagnostics, writer, baseline)
        hidden += left_out
        files.append(FileReport(source.name, tuple(diagnostics), fixed=fixed))
    if merge is not None:
        hidden += _add_corpus(
            files, merge, places, signed, args.max_bytes if fill else -1, baseline, writer
        )
    return RunReport(
        tuple(files),
        strict=config.strict,
        hidden=hidden,
        fixing=fixer is not None,
        unsafe_fixes=args.unsafe_fixes,
        started=started,
        duration=time.perf_counter() - clock,
    )


def _add_corpus(
    files: list[FileReport],
    merge: CorpusMerge,
    places: list[int],
    signed: list[Source],
    max_bytes: int | None,
    baseline: Baseline | None,
    writer: Baseline | None,
) -> int:
    """Add the corpus rules' findings to the files' reports; return how many the baseline hid.

    ``places``: where each signed file is in ``files``; ``signed``: its
    source (kept only when ``max_bytes`` is not -1).  A file with a
    repeated-line finding is read again, to show the line, unless
    ``max_bytes`` is -1 (no output uses the source lines).
    """
    from ..rules.merge import prefer_measured, with_lines

    hidden = 0
    for index, found in merge.findings():
        place = places[index]
        report = files[place]
        kept = report.diagnostics
        lines = merge.repeated_lines.get(index)
        if lines and writer is None:  # (a baseline being written keeps every finding)
            kept = tuple(prefer_measured(kept, lines))
        diagnostics = found
        if max_bytes != -1 and any(not d.source_line for d in found):
            source = signed[index]
            if not source.stdin:
                with contextlib.suppress(InputError):  # gone since: no line to show
                    diagnostics = with_lines(found, read_source(source, max_bytes))
        diagnostics, left_out = _recorded(report.name, diagnostics, writer, baseline)
        hidden += left_out
        if diagnostics:
            kept = tuple(sorted((*kept, *diagnostics), key=_POSITION))
        if kept is not report.diagnostics:
            files[place] = attrs.evolve(report, diagnostics=kept)
    return hidden


def _stream(
    args: argparse.Namespace, config: Config, sources: Found, output: str, color: bool
) -> int:
    """Check and print file by file: for a format printed so, when nothing needs the whole run.

    What is printed is what rendering the whole run gives, but memory stays
    flat, and worker processes print their files' findings too.
    """
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    style = Style(output, config.strict, color, codes=bool(summary_file))
    tally = Tally()
    rules: Counter[str] = Counter()
    pending: list[str] = []
    size = 0
    for source, result in check_sources(sources, config, args.max_bytes, args.jobs, style):
        if not isinstance(result, tuple):
            error = source if isinstance(source, SourceError) else result
            say(str(error))
            tally.failed(isinstance(error, InputError) and error.missing)
            continue
        text, errors, warnings, safe, unsafe, codes = result
        tally.count(errors, warnings, safe, unsafe)
        rules.update(codes)
        if text:
            pending.append(text)
            size += len(text)
            if size > 1 << 16:
                emit("".join(pending))
                pending, size = [], 0
    emit("".join(pending) + render_end(output, tally, color, args.quiet))
    status = EXIT_OK
    nothing = sources.end(args, config, "checked", tally.checked, tally.unreadable)
    if nothing or tally.unreadable or tally.missing:
        status = EXIT_ERROR
    elif (tally.errors or (config.strict and tally.warnings)) and not args.exit_zero:
        status = EXIT_PROBLEMS
    if summary_file:
        _job_summary(summary_file, tally, rules, status)
    return status


def run(args: argparse.Namespace) -> int:
    """Check every file, print the report, write the requested reports; return the exit code."""
    try:
        config = configure(args)
        reports = _reports(args.report)
        baseline, writer = _baselines(args)
        fixer = _fixer(args)
    except (ConfigError, UsageError) as error:
        say(str(error))
        return EXIT_ERROR

    output = args.output_format
    if output is None:
        output = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    # Corpus rules report on a file once the later files are read: no streaming.
    streams = output in STREAMED and not (reports or args.statistics or uses_corpus(config))
    sources = find_sources(args, config)
    try:
        if streams and fixer is None and baseline is None and writer is None:
            return _stream(args, config, sources, output, use_color(args))
        # The full format shows each finding's line, GitLab's fingerprints hold it.
        shown = not {"full", "gitlab"}.isdisjoint(
            {*(() if args.statistics else (output,)), *(name for name, _ in reports)}
        )
        report = _check(args, config, sources, baseline, writer, fixer, shown)
    except WorkerError as error:
        say(str(error))
        return EXIT_ERROR
    status = EXIT_ERROR if any(f.error is not None for f in report.files) else EXIT_OK
    unreadable = sum(f.error is not None and not f.missing for f in report.files)
    if sources.end(args, config, "checked", report.checked, unreadable):
        status = EXIT_ERROR
    if fixer is not None and fixer.write_failed:
        status = EXIT_ERROR
    if writer is not None:
        return _write_baseline(args.write_baseline, writer, status)
    if fixer is not None and fixer.diff:
        return _diff_summary(args, fixer, status)
    # Fixed standard input goes to stdout, so the report goes to stderr.
    stream = sys.stderr if fixer is not None and _reads_stdin(args) else sys.stdout
    if args.statistics:
        from ..corpus.text import statistics

        emit(statistics(report, as_json=output == "json", quiet=args.quiet), stream)
    else:
        emit(render(output, report, color=use_color(args, stream), quiet=args.quiet), stream)
    for name, path in reports:
        if not write_report(path, render(name, report)):
            status = EXIT_ERROR
    if "sarif" in {output, *(name for name, _ in reports)}:
        from ..output.machine import SARIF_LIMIT, sarif_left_out

        left_out = sarif_left_out(report)
        if left_out:
            say(
                f"warning: the SARIF log leaves out {plural(left_out, 'finding')}: GitHub code "
                f"scanning accepts at most {SARIF_LIMIT:,} results per run (errors are kept first)"
            )
    failed = any(report.fails(d) for f in report.files for d in f.diagnostics)
    if status == EXIT_OK and failed and not args.exit_zero:
        status = EXIT_PROBLEMS
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        tally = Tally(report.hidden)
        for file in report.files:
            tally.add(file)
        rules = Counter(d.code for f in report.files for d in f.diagnostics)
        _job_summary(summary_file, tally, rules, status)
    return status


def _job_summary(path: str, tally: Tally, rules: Counter[str], status: int) -> None:
    """Append the run's Markdown summary to GitHub Actions' job summary file."""
    from ..output.jobsummary import render_job_summary

    text = render_job_summary(tally, rules, failed=status != EXIT_OK)
    try:
        with open(path, "a", encoding="utf-8") as file:
            file.write(text)
    except OSError as error:
        say(f"{path}: cannot write the job summary: {error.strerror or error}")


def _baselines(args: argparse.Namespace) -> tuple[Baseline | None, Baseline | None]:
    """The baseline to filter with, and the one to write (imported only when asked for)."""
    if not (args.baseline or args.write_baseline):
        return None, None
    from ..config.baseline import Baseline

    baseline = read_baseline(args.baseline) if args.baseline else None
    writer = Baseline.for_file(args.write_baseline) if args.write_baseline else None
    return baseline, writer


def _reads_stdin(args: argparse.Namespace) -> bool:
    return "-" in args.paths or (not args.paths and bool(args.stdin_filename))


def _fixer(args: argparse.Namespace) -> Fixer | None:
    """The fixer for ``--fix`` or ``--diff`` (imported only then), or None."""
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if not (args.fix or args.diff):
        return None
    if args.diff:
        for flag, value in (
            ("--report", args.report),
            ("--write-baseline", args.write_baseline),
            ("--statistics", args.statistics),
        ):
            if value:
                raise UsageError(f"--diff shows the fixes only; it cannot be used with {flag}")
    from .fixing import Fixer

    return Fixer(unsafe=args.unsafe_fixes, diff=args.diff, color=args.diff and use_color(args))


def _diff_summary(args: argparse.Namespace, fixer: Fixer, status: int) -> int:
    """After ``--diff``: the summary on stderr (stdout holds the diff); exit 1 if anything would change."""
    if not args.quiet:
        files = plural(fixer.changed_files, "file")
        emit(f"Would fix {plural(fixer.fixed, 'problem')} in {files}.\n", sys.stderr)
    if status == EXIT_OK and fixer.changed_files and not args.exit_zero:
        return EXIT_PROBLEMS
    return status


def _write_baseline(path: str, writer: Baseline, status: int) -> int:

    try:
        with atomic_write(path) as file:
            file.write(writer.to_json().encode("utf-8"))
    except OSError as error:
        say(f"{path}: cannot write baseline: {error.strerror or error}")
        return EXIT_ERROR
    total = sum(writer.counts.values())
    files = len({key[0] for key in writer.counts})
    say(f"wrote {plural(total, 'finding')} in {plural(files, 'file')} to {path}")
    return status
