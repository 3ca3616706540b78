"""Diagnostic, Fix and Edit: what :func:`newsdoc.validate` reports.

Positions follow :class:`newsdoc.ParseError`: lines and columns are 1-based,
columns count characters (code points, a BOM included), and a line ends at
LF.  A range's end (``end_line``, ``end_column``) is exclusive: the position
just after its last character.  Edit offsets are 0-based character offsets
into the decoded text (``bytes.decode("utf-8")``, the BOM kept).

Unlike the document model, a diagnostic's position is part of its identity:
two findings of the same rule on different lines are different findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal

import attrs

__all__ = ["RULE_NAMES", "Applicability", "Diagnostic", "Edit", "Fix", "Severity"]

Severity = Literal["error", "warning"]
Applicability = Literal["safe", "unsafe"]

RULE_NAMES: Final[dict[str, str]] = {}
"""Each rule's name by its code, for :attr:`Diagnostic.name`.

The model knows no rule: the rule registry (``newsdoc.rules``, imported by
``import newsdoc``) fills this table in as it registers the rules.
"""


@attrs.frozen
class Edit:
    """One text edit: replace ``text[start:end]`` with ``content``."""

    start: int
    """0-based character offset of the first replaced character."""

    end: int
    """0-based character offset just after the last replaced character
    (equal to ``start`` for an insertion)."""

    content: str
    """The text that replaces the range (empty for a deletion)."""

    line: int = attrs.field(kw_only=True)
    """1-based line of ``start``."""

    column: int = attrs.field(kw_only=True)
    """1-based column of ``start``."""

    end_line: int = attrs.field(kw_only=True)
    """1-based line of ``end``."""

    end_column: int = attrs.field(kw_only=True)
    """1-based column of ``end``."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled as a call with the fields (``newsdoc check --jobs`` sends
        # many): about four times faster than attrs' own state for slots.
        fields = (self.start, self.end, self.content, self.line, self.column)
        return _new_edit, (*fields, self.end_line, self.end_column)


def _edits(edits: Iterable[Edit]) -> tuple[Edit, ...]:
    return tuple(edits)


@attrs.frozen
class Fix:
    """A rule's proposed correction: edits that are applied together.

    ``safe`` fixes change only layout (whitespace, line breaks, BOM, blank
    lines), never a paragraph's or headline's text; ``unsafe`` fixes change
    text and need review.  The edits of one fix never overlap.  Fixes of
    different diagnostics may overlap: apply the ones that do not, then
    validate again.
    """

    edits: tuple[Edit, ...] = attrs.field(converter=_edits)
    """The edits, sorted by offset, not overlapping."""

    applicability: Applicability
    """``"safe"`` (layout only) or ``"unsafe"`` (changes text)."""

    message: str
    """What the fix does, as an imperative phrase ("delete the trailing whitespace")."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _new_fix, (self.edits, self.applicability, self.message)

    def apply(self, text: str) -> str:
        """Return ``text`` with this fix's edits applied."""
        parts = []
        done = 0
        for edit in self.edits:
            if edit.start < done:
                raise ValueError(f"overlapping edits in fix {self.message!r}")
            parts.append(text[done : edit.start])
            parts.append(edit.content)
            done = edit.end
        parts.append(text[done:])
        return "".join(parts)


@attrs.frozen
class Diagnostic:
    """One problem found in a news dump."""

    code: str
    """The rule's stable code, such as ``"ND101"``."""

    severity: Severity
    """``"error"`` or ``"warning"`` (the rule's default, or as configured)."""

    message: str
    """What is wrong, without the position."""

    line: int
    """1-based line where the problem starts."""

    column: int
    """1-based column where the problem starts."""

    end_line: int
    """1-based line of the position just after the problem."""

    end_column: int
    """1-based column of the position just after the problem."""

    fix: Fix | None = None
    """The rule's fix for this problem, or None."""

    source_line: str = attrs.field(default="", eq=False, repr=False)
    """The text of line ``line``, without its line break (for display)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        fields = (self.code, self.severity, self.message, self.line, self.column)
        return _new_diagnostic, (
            *fields,
            self.end_line,
            self.end_column,
            self.fix,
            self.source_line,
        )

    @property
    def name(self) -> str:
        """The rule's name, such as ``"trailing-whitespace"``."""
        return RULE_NAMES[self.code]

    def __str__(self) -> str:
        return f"{self.code} {self.message} (at line {self.line}, column {self.column})"


# The validator builds thousands of these: like the parser's items (see
# newsdoc.model.document), they are built by setting their slots through the slots'
# descriptors, skipping an __init__ that has nothing to check or convert.
_new = object.__new__
(
    _edit_start,
    _edit_end,
    _edit_content,
    _edit_line,
    _edit_column,
    _edit_end_line,
    _edit_end_column,
) = (
    Edit.__dict__[name].__set__
    for name in ("start", "end", "content", "line", "column", "end_line", "end_column")
)
_fix_edits, _fix_applicability, _fix_message = (
    Fix.__dict__[name].__set__ for name in ("edits", "applicability", "message")
)
(
    _diag_code,
    _diag_severity,
    _diag_message,
    _diag_line,
    _diag_column,
    _diag_end_line,
    _diag_end_column,
    _diag_fix,
    _diag_source_line,
) = (
    Diagnostic.__dict__[name].__set__
    for name in (
        "code",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
        "source_line",
    )
)


def _new_edit(
    start: int, end: int, content: str, line: int, column: int, end_line: int, end_column: int
) -> Edit:
    """``Edit(start, end, content, line=line, ...)``, built directly."""
    edit = _new(Edit)
    _edit_start(edit, start)
    _edit_end(edit, end)
    _edit_content(edit, content)
    _edit_line(edit, line)
    _edit_column(edit, column)
    _edit_end_line(edit, end_line)
    _edit_end_column(edit, end_column)
    return edit


def _new_fix(edits: tuple[Edit, ...], applicability: Applicability, message: str) -> Fix:
    """``Fix(edits, applicability, message)`` with a tuple of edits, built directly."""
    fix = _new(Fix)
    _fix_edits(fix, edits)
    _fix_applicability(fix, applicability)
    _fix_message(fix, message)
    return fix


def _new_diagnostic(
    code: str,
    severity: Severity,
    message: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    fix: Fix | None,
    source_line: str,
) -> Diagnostic:
    """``Diagnostic(...)`` with every field, built directly."""
    diagnostic = _new(Diagnostic)
    _diag_code(diagnostic, code)
    _diag_severity(diagnostic, severity)
    _diag_message(diagnostic, message)
    _diag_line(diagnostic, line)
    _diag_column(diagnostic, column)
    _diag_end_line(diagnostic, end_line)
    _diag_end_column(diagnostic, end_column)
    _diag_fix(diagnostic, fix)
    _diag_source_line(diagnostic, source_line)
    return diagnostic
