"""Reports of a ``newsdoc check`` run: the human formats and the dispatcher.

``full`` shows each problem with its source line and a caret, ``concise``
one ``path:line:col: CODE message`` line each, ``github`` workflow commands
that GitHub Actions turns into annotations.  The machine formats (json,
sarif, junit, gitlab) are in :mod:`newsdoc.output.machine`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import attrs

from ..model.diagnostic import Diagnostic
from ..model.speed import LazyPattern

__all__ = [
    "FORMATS",
    "STREAMED",
    "FileReport",
    "RunReport",
    "Tally",
    "render",
    "render_end",
    "render_file",
]


@attrs.frozen
class FileReport:
    """What one input gave: its diagnostics, or the error that stopped its reading."""

    name: str
    """The file's name as shown (its path, or the stdin file name)."""

    diagnostics: tuple[Diagnostic, ...] = ()
    """The problems found (after ignores and the baseline), sorted by position."""

    error: str | None = None
    """Why the input could not be checked (a missing or unreadable file), or None."""

    fixed: int = 0
    """How many problems ``--fix`` fixed (they are not in ``diagnostics``)."""


@attrs.frozen
class RunReport:
    """Everything one run found."""

    files: tuple[FileReport, ...]
    """Every input, in the order checked."""

    strict: bool = False
    """Whether warnings fail the run."""

    hidden: int = 0
    """Findings left out because the baseline holds them."""

    fixing: bool = False
    """Whether the run fixed what it could (``--fix``): the diagnostics are what remains."""

    unsafe_fixes: bool = False
    """Whether unsafe fixes were applied too (``--unsafe-fixes``)."""

    @property
    def fixed(self) -> int:
        """How many problems ``--fix`` fixed."""
        return sum(f.fixed for f in self.files)

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether a diagnostic fails the run (an error, or any finding when strict)."""
        return self.strict or diagnostic.severity == "error"

    def count(self, severity: str) -> int:
        """How many diagnostics of a severity the run found."""
        return sum(d.severity == severity for f in self.files for d in f.diagnostics)

    @property
    def checked(self) -> int:
        """How many inputs were read and checked."""
        return sum(f.error is None for f in self.files)


def plural(count: int, noun: str) -> str:
    """``"1 file"``, ``"2 files"``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class Tally:
    """What the summary line counts, gathered file by file."""

    __slots__ = (
        "checked",
        "errors",
        "hidden",
        "safe",
        "unreadable",
        "unsafe",
        "warnings",
        "with_problems",
    )

    def __init__(self, hidden: int = 0) -> None:
        self.errors = self.warnings = self.with_problems = 0
        self.checked = self.unreadable = 0
        self.safe = self.unsafe = 0  # findings with a safe fix, with an unsafe one
        self.hidden = hidden

    def add(self, file: FileReport) -> None:
        """Count one file's findings, or that it could not be read."""
        if file.error is not None:
            self.unreadable += 1
            return
        self.count(*counts(file.diagnostics))

    def count(self, errors: int, warnings: int, safe: int = 0, unsafe: int = 0) -> None:
        """Count a file that was read and checked, and its findings (and how many are fixable)."""
        self.checked += 1
        self.errors += errors
        self.warnings += warnings
        self.with_problems += bool(errors or warnings)
        self.safe += safe
        self.unsafe += unsafe


def counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int, int, int]:
    """How many findings are errors and warnings, and how many have a safe and an unsafe fix."""
    errors = safe = unsafe = 0
    for d in diagnostics:
        errors += d.severity == "error"
        if d.fix is not None:
            if d.fix.applicability == "safe":
                safe += 1
            else:
                unsafe += 1
    return errors, len(diagnostics) - errors, safe, unsafe


def summary(report: RunReport) -> str:
    """One line: what was found in how many files."""
    tally = Tally(report.hidden)
    for file in report.files:
        tally.add(file)
    return summary_of(tally)


def summary_of(tally: Tally) -> str:
    """The summary line of these counts."""
    errors, warnings = tally.errors, tally.warnings
    notes = []
    if tally.unreadable:
        notes.append(f"{tally.unreadable} could not be read")
    if tally.hidden:
        notes.append(f"{plural(tally.hidden, 'finding')} hidden by the baseline")
    tail = f" ({'; '.join(notes)})" if notes else ""
    if not errors and not warnings:
        return f"No problems found in {plural(tally.checked, 'file')}{tail}."
    found = " and ".join(
        plural(count, noun) for count, noun in ((errors, "error"), (warnings, "warning")) if count
    )
    files = plural(tally.with_problems, "file")
    return f"Found {found} in {files} of {tally.checked} checked{tail}."


def fixed_line(report: RunReport) -> str:
    """With ``--fix``: how many problems were fixed, in how many files."""
    if not report.fixed:
        return "No problems fixed."
    files = sum(f.fixed > 0 for f in report.files)
    return f"Fixed {plural(report.fixed, 'problem')} in {plural(files, 'file')}."


def fix_hint(report: RunReport) -> str:
    """How many of the problems found a fix could correct, and with which options ("" if none)."""
    tally = Tally()
    for file in report.files:
        tally.add(file)
    return fix_hint_of(tally, report.fixing, report.unsafe_fixes)


def fix_hint_of(tally: Tally, fixing: bool = False, unsafe_fixes: bool = False) -> str:
    """:func:`fix_hint` from the counts of fixable problems."""
    safe, unsafe = tally.safe, tally.unsafe
    if fixing:  # what is left was refused, or needs --unsafe-fixes
        return "" if unsafe_fixes or not unsafe else f"{unsafe} more fixable with --unsafe-fixes."
    if safe and unsafe:
        return f"{safe} fixable with --fix ({unsafe} more with --fix --unsafe-fixes)."
    if safe:
        return f"{safe} fixable with --fix."
    return f"{unsafe} fixable with --fix --unsafe-fixes." if unsafe else ""


# --- concise and github ------------------------------------------------------------


def render_concise(report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """``path:line:col: CODE message``, one line per problem."""
    return "".join(_concise_file(f, report.strict, color) for f in report.files)


def _concise_file(file: FileReport, strict: bool, color: bool) -> str:
    name = file.name
    return "".join(f"{name}:{d.line}:{d.column}: {d.code} {d.message}\n" for d in file.diagnostics)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """GitHub Actions workflow commands (``::error file=...::message``), one per problem.

    The message repeats ``path:line:col: CODE message``, so the log still
    shows where each problem is.
    """
    return "".join(_github_file(f, report.strict, color) for f in report.files)


def _github_file(file: FileReport, strict: bool, color: bool) -> str:
    lines = []
    for d in file.diagnostics:
        level = "error" if strict or d.severity == "error" else "warning"
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("title", f"{d.code} {d.name}"),
                ("file", file.name),
                ("line", d.line),
                ("col", d.column),
                ("endLine", d.end_line),
                ("endColumn", d.end_column),
            )
        )
        message = _escape_data(f"{file.name}:{d.line}:{d.column}: {d.code} {d.message}")
        lines.append(f"::{level} {properties}::{message}\n")
    return "".join(lines)


# --- full ----------------------------------------------------------------------------

_WINDOW: Final = 100
_STYLES: Final = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "bold": "\x1b[1m",
    "blue": "\x1b[1;34m",
    "dim": "\x1b[2m",
}
_RESET: Final = "\x1b[0m"


def _shown(char: str) -> tuple[str, int]:
    """How a character of a source line is shown, and its width in columns.

    Tabs, controls and every invisible or direction-changing character are
    shown as a visible stand-in (never raw: a bidi control would reorder
    the terminal's display).  Each character is worked out once, then cached.
    """
    known = _SHOWN.get(char)
    if known is not None:
        return known
    from unicodedata import category, east_asian_width

    from ..rules import characters as _chars

    shown: tuple[str, int]
    kind = _chars.KIND.get(char, 0)
    group = category(char)
    if char == "\t":
        shown = "→", 1
    elif kind and kind <= _chars.REPLACEMENT:
        shown = "·" if kind == _chars.UNUSUAL_SPACE else "�", 1
    elif group in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        shown = "�", 1
    elif group in ("Mn", "Me"):
        shown = char, 0
    else:
        shown = char, 2 if east_asian_width(char) in ("W", "F") else 1
    _SHOWN[char] = shown
    (_PLAIN if shown == (char, 1) else _SPECIAL).add(char)
    return shown


_SHOWN: Final[dict[str, tuple[str, int]]] = {}
_PLAIN: Final[set[str]] = set()
"""The characters seen so far that are shown as themselves, one column wide."""
_SPECIAL: Final[set[str]] = set()
"""The characters seen so far that are not."""


def _plain(segment: str) -> bool:
    """Whether every character of ``segment`` is shown as itself, one column wide."""
    chars = set(segment)
    if chars <= _PLAIN:
        return True
    if not chars.isdisjoint(_SPECIAL):
        return False
    for char in chars - _PLAIN:
        _shown(char)
    return chars <= _PLAIN


# Characters that are shown as themselves, one column wide, and common in
# news text: printable ASCII, Latin-1 letters and signs, and the general
# punctuation (quotes, dashes, ellipsis).  A test checks each against _shown.
_COMMON_PLAIN: Final = LazyPattern("[ -~\u00a1-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e]*")


def _excerpt(line: str, column: int, end_column: int) -> tuple[str, int, int]:
    """The source line as shown, and the caret's start and width, windowed."""
    length = len(line)
    first = column - 1
    start = (first if first < length else length) - _WINDOW // 3
    if start < 0:
        start = 0
    stop = start + _WINDOW
    if stop > length:
        stop = length
    segment = line[start:stop]
    if (
        (segment.isascii() and segment.isprintable())
        or _COMMON_PLAIN.fullmatch(segment)
        or _plain(segment)
    ):  # the common case: each character is one column
        before = "…" if start else ""
        caret = (1 if start else 0) + (first if first < stop else stop) - start
        last = end_column - 1 if end_column > column else column
        caret_width = (last if last < stop else stop) - first
        after = "…" if stop < length else ""
        return f"{before}{segment}{after}", caret, caret_width if caret_width > 1 else 1
    shown: list[str] = ["…"] if start else []
    width = 1 if start else 0
    caret = caret_width = 0
    for index in range(start, stop):
        if index == column - 1:
            caret = width
        text, size = _shown(line[index])
        if column - 1 <= index < max(end_column - 1, column):
            caret_width += size
        shown.append(text)
        width += size
    if column - 1 >= stop:
        caret = width
    if stop < len(line):
        shown.append("…")
    return "".join(shown), caret, max(1, caret_width)


def _paint(style: str, text: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def render_full(report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """Each problem with its source line and a caret under it, then a summary."""
    out = [_full_file(file, report.strict, color) for file in report.files]
    if not quiet:
        if report.fixing:
            out.append(_full_summary(fixed_line(report), color))
        out.append(_full_summary(summary(report), color))
        hint = fix_hint(report)
        if hint:
            out.append(hint + "\n")
    return "".join(out)


def _full_summary(line: str, color: bool) -> str:
    return _paint("bold", line, color) + "\n"


def _full_file(file: FileReport, strict: bool, color: bool) -> str:
    """The full format's part for one file: each problem, its source line and a caret."""
    # Each painted part is wrapped in its style and a reset (nothing without colour).
    blue, bold = (_STYLES["blue"], _STYLES["bold"]) if color else ("", "")
    reset = _RESET if color else ""
    arrow, bar, equals = f"{blue}-->{reset}", f"{blue}|{reset}", f"{blue}={reset}"
    name = file.name
    out = []
    for d in file.diagnostics:
        number = str(d.line)
        gutter = " " * len(number)
        end = d.end_column if d.end_line == d.line else len(d.source_line) + 2
        shown, caret, width = _excerpt(d.source_line, d.column, end)
        severity = d.severity
        style = _STYLES[severity] if color else ""
        fix = d.fix
        out.append(
            f"{style}{severity}[{d.code}]{reset}{bold}: {d.message}{reset}\n"
            f"{gutter}{arrow} {name}:{number}:{d.column}\n"
            f"{gutter} {bar}\n"
            f"{blue}{number} |{reset} {shown}\n"
            f"{gutter} {bar} {' ' * caret}{style}{'^' * width}{reset}\n"
            + (
                ""
                if fix is None
                else f"{gutter} {equals} fix ({fix.applicability}): {fix.message}\n"
            )
            + "\n"
        )
    return "".join(out)


STREAMED: Final = ("full", "concise", "github")
"""The formats that can be printed a file at a time, as the files are checked."""

_FILE_PARTS: Final = {"full": _full_file, "concise": _concise_file, "github": _github_file}


def render_file(name: str, file: FileReport, strict: bool, color: bool = False) -> str:
    """The part of format ``name`` (one of :data:`STREAMED`) about one file."""
    return _FILE_PARTS[name](file, strict, color)


def render_end(name: str, tally: Tally, color: bool = False, quiet: bool = False) -> str:
    """What format ``name`` (one of :data:`STREAMED`) prints after the files: the summary.

    (Printed file by file, a run is never fixing: ``--fix`` keeps the run whole.)
    """
    if name != "full" or quiet:
        return ""
    hint = fix_hint_of(tally)
    return _full_summary(summary_of(tally), color) + (hint + "\n" if hint else "")


def render(name: str, report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """The report in format ``name`` (``color`` and ``quiet`` apply to ``full`` only)."""
    return FORMATS[name](report, color, quiet)


Renderer = Callable[[RunReport, bool, bool], str]


def _machine(name: str) -> Renderer:
    def render_machine(report: RunReport, color: bool = False, quiet: bool = False) -> str:
        from . import machine as _report_machine

        return getattr(_report_machine, f"render_{name}")(report)  # type: ignore[no-any-return]

    return render_machine


FORMATS: Final[dict[str, Renderer]] = {
    "full": render_full,
    "concise": render_concise,
    "json": _machine("json"),
    "github": render_github,
    "sarif": _machine("sarif"),
    "junit": _machine("junit"),
    "gitlab": _machine("gitlab"),
}
"""Every output format, by name."""
