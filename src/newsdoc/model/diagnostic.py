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

from .speed import builder
from .words import plural

__all__ = [
    "DEFAULT_LIMIT",
    "RULE_NAMES",
    "Applicability",
    "Diagnostic",
    "Edit",
    "Fix",
    "Severity",
    "omitted_message",
]

Severity = Literal["error", "warning"]
Applicability = Literal["safe", "unsafe"]

RULE_NAMES: Final[dict[str, str]] = {}
"""Each rule's name by its code, for :attr:`Diagnostic.name`.

The model knows no rule: the rule registry (``newsdoc.rules``, imported by
``import newsdoc``) fills this table in as it registers the rules.
"""

DEFAULT_LIMIT: Final = 1000
"""How many findings of one rule are listed for one file, by default.

The rest are counted, and one more finding of the rule, placed at the first
one left out, says how many (:func:`omitted_message`).  So a hostile file
(a line of 80,000 control characters, two million lines with trailing
spaces) costs memory in proportion to its size, not to its findings.  The
configuration's ``max-findings-per-rule`` changes it (0: no limit)."""


def omitted_message(count: int, code: str, limit: int) -> str:
    """The message of the finding that stands for ``count`` findings of ``code`` left out."""
    return (
        f"{plural(count, 'more finding')} of {code} in this file not listed "
        f"(only the first {limit} of each rule are: see max-findings-per-rule)"
    )


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
        return build_edit, (*fields, self.end_line, self.end_column)


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
        return build_fix, (self.edits, self.applicability, self.message)

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
    """The text of line ``line``, without its line break (for display).  The
    findings of one line share one string: it is not a copy per finding."""

    omitted: int = attrs.field(default=0, kw_only=True, repr=False)
    """For the finding that ends a rule's list when the per-file limit is
    reached (1000 by default): how many findings of the rule it stands
    for, itself the first of them; 0 for every other finding."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        fields = (self.code, self.severity, self.message, self.line, self.column)
        return build_diagnostic, (
            *fields,
            self.end_line,
            self.end_column,
            self.fix,
            self.source_line,
            self.omitted,
        )

    @property
    def name(self) -> str:
        """The rule's name, such as ``"trailing-whitespace"``."""
        return RULE_NAMES[self.code]

    def __str__(self) -> str:
        return f"{self.code} {self.message} (at line {self.line}, column {self.column})"


# The validator builds thousands of these, from values it has made itself:
# they skip __init__ (see newsdoc.model.speed.builder).  Pickling uses them too.
build_edit: Final = builder(
    "build_edit", Edit, "start", "end", "content", "line", "column", "end_line", "end_column"
)
build_fix: Final = builder("build_fix", Fix, "edits", "applicability", "message")
build_diagnostic: Final = builder(
    "build_diagnostic",
    Diagnostic,
    "code",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "fix",
    "source_line",
    "omitted",
)
