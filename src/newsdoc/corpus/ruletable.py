"""The findings and files per rule of a run: ``newsdoc report``'s rule table (:mod:`.stats`)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..model.diagnostic import Diagnostic
from ..rules.registry import RULES_BY_CODE

__all__ = ["RuleRow", "RuleTable"]


@attrs.frozen
class RuleRow:
    """One rule that fired: how often, and in how many files."""

    code: str
    """The rule's code."""
    name: str
    """The rule's name."""
    severity: str
    """The severity its findings had."""
    count: int
    """How many findings."""
    files: int
    """In how many files."""
    url: str
    """The rule's documentation."""


class RuleTable:
    """Findings and files per rule (and severity): at most one entry per rule."""

    __slots__ = ("_counts",)

    def __init__(self) -> None:
        self._counts: dict[tuple[str, str], list[int]] = {}

    def add(self, rules: Iterable[tuple[str, str, int]]) -> None:
        """Count one file's (code, severity, count) triples."""
        for code, severity, count in rules:
            entry = self._counts.setdefault((code, severity), [0, 0])
            entry[0] += count
            entry[1] += 1

    def remove(self, code: str, severity: str, count: int, *, last: bool) -> None:
        """Take back ``count`` findings of one file; ``last``: the file has none of them left."""
        entry = self._counts[code, severity]
        entry[0] -= count
        entry[1] -= last
        if not entry[0]:
            del self._counts[code, severity]

    def add_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Count one file's diagnostics."""
        counts: dict[tuple[str, str], int] = {}
        for d in diagnostics:
            counts[d.code, d.severity] = counts.get((d.code, d.severity), 0) + (d.omitted or 1)
        self.add((code, severity, count) for (code, severity), count in counts.items())

    def rows(self) -> list[RuleRow]:
        """The rules that fired, most findings first (then by code)."""
        rows = [
            RuleRow(
                code,
                RULES_BY_CODE[code].name,
                severity,
                count,
                files,
                RULES_BY_CODE[code].url,
            )
            for (code, severity), (count, files) in self._counts.items()
        ]
        return sorted(rows, key=lambda row: (-row.count, row.code, row.severity))
