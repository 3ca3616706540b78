"""The formats for people and CI logs: ``full``, ``concise`` and ``github``.

``full`` shows each problem with its source line and a caret, ``concise``
one ``path:line:col: CODE [severity] message`` line each, ``github`` workflow commands
that GitHub Actions turns into annotations.  Each is printed a file at a
time (:func:`render_file`), so ``newsdoc check`` can print as it goes.
"""

from __future__ import annotations

from typing import Final
from unicodedata import category, east_asian_width

from ..model.chars import REPORTED, UNUSUAL_SPACE, charset
from ..model.speed import LazyPattern, once
from .results import (
    FileReport,
    RunReport,
    Tally,
    escaped,
    fix_hint,
    fix_hint_of,
    fixed_line,
    summary,
    summary_of,
)

__all__ = [
    "STREAMED",
    "render_concise",
    "render_end",
    "render_file",
    "render_full",
    "render_github",
]

# --- concise and github ------------------------------------------------------------


def render_concise(report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """``path:line:col: CODE [severity] message``, one line per problem.

    With ``--fix``, a last line says what was fixed (unless ``quiet``).
    """
    out = "".join(_concise_file(escaped(f), report.strict, color) for f in report.files)
    if report.fixing and not quiet:
        out += fixed_line(report) + "\n"
    return out


def _concise_file(file: FileReport, strict: bool, color: bool) -> str:
    name = file.name
    if not color:
        return "".join(
            f"{name}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}\n"
            for d in file.diagnostics
        )
    bold, reset = _STYLES["bold"], _RESET
    return "".join(
        f"{bold}{name}{reset}:{d.line}:{d.column}: "
        f"{_STYLES[d.severity]}{d.code} [{d.severity}]{reset} {d.message}\n"
        for d in file.diagnostics
    )


def _escape_data(text: str) -> str:
    # After escaped(): no CR or LF is left, but GitHub decodes %0A and friends.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: RunReport, color: bool = False, quiet: bool = False) -> str:
    """GitHub Actions workflow commands (``::error file=...::message``), one per problem.

    The message repeats ``path:line:col: CODE message``, so the log still
    shows where each problem is.
    """
    return "".join(_github_file(escaped(f), report.strict, color) for f in report.files)


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

    shown: tuple[str, int]
    group = category(char)
    if char == "\t":
        shown = "→", 1
    elif char in _reported():
        shown = "·" if char in _unusual_spaces() else "�", 1
    elif group in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        shown = "�", 1
    elif group in ("Mn", "Me"):
        shown = char, 0
    else:
        shown = char, 2 if east_asian_width(char) in ("W", "F") else 1
    _SHOWN[char] = shown
    (_PLAIN if shown == (char, 1) else _SPECIAL).add(char)
    return shown


@once
def _reported() -> frozenset[str]:
    return charset(REPORTED)


@once
def _unusual_spaces() -> frozenset[str]:
    return charset(UNUSUAL_SPACE)


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
    out = [_full_file(escaped(file), report.strict, color) for file in report.files]
    line = summary(report)
    if not quiet and line:
        if report.fixing:
            out.append(_full_summary(fixed_line(report), color))
        out.append(_full_summary(line, color))
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
    """The part of format ``name`` (one of :data:`STREAMED`) about one file (names and text escaped)."""
    return _FILE_PARTS[name](escaped(file), strict, color)


def render_end(name: str, tally: Tally, color: bool = False, quiet: bool = False) -> str:
    """What format ``name`` (one of :data:`STREAMED`) prints after the files: the summary.

    (Printed file by file, a run is never fixing: ``--fix`` keeps the run whole.)
    """
    if name != "full" or quiet or not tally.checked:
        return ""
    hint = fix_hint_of(tally)
    return _full_summary(summary_of(tally), color) + (hint + "\n" if hint else "")
