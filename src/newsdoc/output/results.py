"""What a ``newsdoc check`` run found, file by file, and the summary lines every format shares."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..model.chars import escape
from ..model.diagnostic import Diagnostic
from ..model.words import plural

__all__ = [
    "FileReport",
    "RunReport",
    "Tally",
    "counts",
    "escaped",
    "fix_hint",
    "fix_hint_of",
    "fixed_line",
    "summary",
    "summary_of",
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

    missing: bool = False
    """Whether the input is a path that names nothing (no such file, a glob that matches none)."""

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

    started: float | None = None
    """When the run started (seconds since the epoch), if known."""

    duration: float | None = None
    """How long the run took, in seconds, if known."""

    @property
    def fixed(self) -> int:
        """How many problems ``--fix`` fixed."""
        return sum(f.fixed for f in self.files)

    def fails(self, diagnostic: Diagnostic) -> bool:
        """Whether a diagnostic fails the run (an error, or any finding when strict)."""
        return self.strict or diagnostic.severity == "error"

    def count(self, severity: str) -> int:
        """How many diagnostics of a severity the run found."""
        return sum(
            d.omitted or 1 for f in self.files for d in f.diagnostics if d.severity == severity
        )

    @property
    def checked(self) -> int:
        """How many inputs were read and checked."""
        return sum(f.error is None for f in self.files)


def escaped(file: FileReport) -> FileReport:
    r"""The report of one file with its name, messages and error escaped for a terminal or CI log.

    Every unprintable character (ESC, CR, bidi controls...) becomes a visible
    ``\x1b``-style escape, and a name starting like a workflow command
    (``::``) is escaped too (:func:`newsdoc.model.chars.escape`): the formats
    for people and logs render this.  The same report when nothing needs it.
    """
    name = escape(file.name)
    error = None if file.error is None else escape(file.error)
    diagnostics = file.diagnostics
    if any(_unsafe(d) for d in diagnostics):
        diagnostics = tuple(_escaped(d) for d in diagnostics)
    if name is file.name and error is file.error and diagnostics is file.diagnostics:
        return file
    return attrs.evolve(file, name=name, error=error, diagnostics=diagnostics)


def _unsafe(d: Diagnostic) -> bool:
    return escape(d.message) is not d.message or (
        d.fix is not None and escape(d.fix.message) is not d.fix.message
    )


def _escaped(d: Diagnostic) -> Diagnostic:
    fix = d.fix
    if fix is not None:
        fix = attrs.evolve(fix, message=escape(fix.message))
    return attrs.evolve(d, message=escape(d.message), fix=fix)


class Tally:
    """What the summary line counts, gathered file by file."""

    __slots__ = (
        "checked",
        "errors",
        "hidden",
        "missing",
        "safe",
        "unreadable",
        "unsafe",
        "warnings",
        "with_problems",
    )

    def __init__(self, hidden: int = 0) -> None:
        self.errors = self.warnings = self.with_problems = 0
        self.checked = self.unreadable = self.missing = 0
        self.safe = self.unsafe = 0  # findings with a safe fix, with an unsafe one
        self.hidden = hidden

    def add(self, file: FileReport) -> None:
        """Count one file's findings, or that it could not be read."""
        if file.error is not None:
            self.failed(file.missing)
            return
        self.count(*counts(file.diagnostics))

    def failed(self, missing: bool) -> None:
        """Count an input that could not be read: a path not found, or another error."""
        if missing:
            self.missing += 1
        else:
            self.unreadable += 1

    def count(self, errors: int, warnings: int, safe: int = 0, unsafe: int = 0) -> None:
        """Count a file that was read and checked, and its findings (and how many are fixable)."""
        self.checked += 1
        self.errors += errors
        self.warnings += warnings
        self.with_problems += bool(errors or warnings)
        self.safe += safe
        self.unsafe += unsafe


def counts(diagnostics: Sequence[Diagnostic]) -> tuple[int, int, int, int]:
    """How many findings are errors and warnings, and how many have a safe and an unsafe fix.

    A finding that stands for findings left out by the per-file limit counts as them.
    """
    errors = safe = unsafe = omitted = 0
    for d in diagnostics:
        if d.omitted:  # it stands for the findings left out, not for one more
            omitted += d.omitted - 1
            errors += d.omitted - 1 if d.severity == "error" else 0
        errors += d.severity == "error"
        if d.fix is not None:
            if d.fix.applicability == "safe":
                safe += 1
            else:
                unsafe += 1
    return errors, len(diagnostics) + omitted - errors, safe, unsafe


def summary(report: RunReport) -> str:
    """One line: what was found in how many files."""
    tally = Tally(report.hidden)
    for file in report.files:
        tally.add(file)
    return summary_of(tally)


def summary_of(tally: Tally) -> str:
    """The summary line of these counts ("" when no file was checked: nothing to sum up)."""
    errors, warnings = tally.errors, tally.warnings
    if not tally.checked:
        return ""
    notes = []
    if tally.missing:
        notes.append(f"{plural(tally.missing, 'path')} not found")
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
