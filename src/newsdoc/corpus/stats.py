"""Streaming aggregates of a corpus: counts per rule, the worst files, distributions.

``newsdoc report`` turns each file into a small :class:`FileRecord` and adds
it to a :class:`Stats`, which keeps only aggregates: totals, a count per
rule, histograms with fixed bins, the first unreadable files and the worst
files (in a heap of fixed size).  Its memory is therefore the same for a
thousand files as for ten million.  ``newsdoc check --statistics`` uses
the :class:`RuleTable` alone.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

import attrs

from ..model.diagnostic import Diagnostic
from ..rules.corpus import duplicate_dump
from .histogram import Histogram
from .ruletable import RuleRow, RuleTable
from .signalstats import SignalStats

if TYPE_CHECKING:
    from ..rules.merge import Cluster

__all__ = [
    "CLUSTERS",
    "DISTRIBUTIONS",
    "EXACT",
    "DocumentStats",
    "FileRecord",
    "Finding",
    "Guessed",
    "Histogram",
    "RuleRow",
    "RuleTable",
    "Stats",
    "excerpt",
    "finding",
]

EXACT: Final = duplicate_dump.code
"""The code of exact duplicates (the others of a cluster are near ones)."""
_POOL: Final = 4
_POOL_EXTRA: Final = 100
"""With the corpus rules, the worst ``N`` files are picked among the ``4 N + 100`` worst by
their own findings (:attr:`Stats.pool`)."""
CLUSTERS: Final = 100
"""Duplicate clusters a report lists."""
WINDOW: Final = 120
"""Characters of a source line kept around a finding's span."""
_CONTEXT: Final = 40
"""Characters kept before the span when the line is cut."""
_SURROGATE: Final = re.compile("[\ud800-\udfff]")

COUNT_EDGES: Final = (1, 2, 3, 5, 10, 15, 20, 30, 50, 100)
"""Bins of paragraphs or headlines per document: 1, 2, 3-4, 5-9, ..., 100+."""
PARAGRAPH_EDGES: Final = (1, 50, 100, 200, 300, 400, 500, 750, 1000, 2000)
"""Bins of paragraph lengths, in characters."""
HEADLINE_EDGES: Final = (1, 20, 40, 60, 80, 100, 120, 150, 200, 300)
"""Bins of headline lengths, in characters."""

DISTRIBUTIONS: Final = {
    "paragraphs_per_document": ("Paragraphs per document", "documents", COUNT_EDGES),
    "headlines_per_document": ("Headlines per document", "documents", COUNT_EDGES),
    "paragraph_length": ("Paragraph length (characters)", "paragraphs", PARAGRAPH_EDGES),
    "headline_length": ("Headline length (characters)", "headlines", HEADLINE_EDGES),
}
"""Each distribution: its title, what it counts, and its bins' lower edges."""


@attrs.frozen
class Finding:
    """One diagnostic as a report shows it: the rule, the message and its source excerpt."""

    code: str
    """The rule's code."""
    severity: str
    """``error`` or ``warning``."""
    message: str
    """What is wrong."""
    line: int
    """1-based line where it starts."""
    column: int
    """1-based column where it starts."""
    end_line: int
    """1-based line just after it."""
    end_column: int
    """1-based column just after it."""
    excerpt: str
    """The source line, or a window of at most :data:`WINDOW` characters of it
    around the span (undecodable bytes shown as U+FFFD)."""
    start: int
    """0-based offset in ``excerpt`` where the span starts."""
    end: int
    """0-based offset in ``excerpt`` just after the span (``start`` for a point)."""
    cut_before: bool = False
    """Whether the line goes on before the excerpt."""
    cut_after: bool = False
    """Whether the line goes on after the excerpt."""


def excerpt(line: str, start: int, end: int, width: int = WINDOW) -> tuple[str, int, int, int]:
    """Cut ``line`` to at most ``width`` characters around ``line[start:end]``.

    Returns the excerpt, the span's offsets in it, and the offset of the
    excerpt in the line.  The span is cut too when it is longer than the window.
    """
    start = min(max(start, 0), len(line))
    end = min(max(end, start), len(line))
    first = 0 if len(line) <= width else min(max(start - _CONTEXT, 0), len(line) - width)
    last = min(len(line), first + width)
    return line[first:last], start - first, min(end, last) - first, first


def finding(diagnostic: Diagnostic) -> Finding:
    """A diagnostic as a report keeps it: its source line cut to a window around the span."""
    d = diagnostic
    line = _SURROGATE.sub("\ufffd", d.source_line)
    end = d.end_column - 1 if d.end_line == d.line else len(line)
    text, start, stop, first = excerpt(line, d.column - 1, end)
    return Finding(
        d.code,
        d.severity,
        _SURROGATE.sub("\ufffd", d.message),
        d.line,
        d.column,
        d.end_line,
        d.end_column,
        text,
        start,
        stop,
        cut_before=first > 0,
        cut_after=first + len(text) < len(line),
    )


@attrs.frozen
class DocumentStats:
    """The shape of one document that parses."""

    paragraphs: int
    """How many body paragraphs it has."""
    headlines: int
    """How many headlines it has."""
    paragraph_lengths: Histogram = attrs.field(eq=False)
    """The lengths of its paragraphs, in characters."""
    headline_lengths: Histogram = attrs.field(eq=False)
    """The lengths of its headlines, in characters."""


def document_stats(paragraphs: Iterable[str], headlines: Iterable[str]) -> DocumentStats:
    """The shape of a document from its paragraph and headline texts."""
    body = Histogram(PARAGRAPH_EDGES)
    heads = Histogram(HEADLINE_EDGES)
    for text in paragraphs:
        body.add(len(text))
    for text in headlines:
        heads.add(len(text))
    return DocumentStats(body.count, heads.count, body, heads)


Guessed = tuple[int, str, str, int]
"""A finding ND303 may take the place of: (line, code, severity, weight)."""


@attrs.frozen
class FileRecord:
    """What one input gave, in the few numbers the report needs."""

    name: str
    """The input's name as shown."""
    error: str | None = None
    """Why it could not be read, or None."""
    size: int = 0
    """Its size in bytes."""
    errors: int = 0
    """Findings of severity error (after the baseline)."""
    warnings: int = 0
    """Findings of severity warning (after the baseline)."""
    hidden: int = 0
    """Findings hidden by the baseline."""
    rules: tuple[tuple[str, str, int], ...] = ()
    """(code, severity, count) of each rule that fired, by code."""
    findings: tuple[Finding, ...] = ()
    """The first findings, by position (at most the report's limit per file)."""
    document: DocumentStats | None = None
    """The document's shape when it parses, else None."""
    signature: object = attrs.field(default=None, eq=False, repr=False)
    """The corpus rules' signature of the file (hashes), for the run's merge, or None."""
    signals: tuple[float, ...] | None = None
    """With ``report --signals``: the body's quality signals, when the document parses."""
    guessed: tuple[Guessed, ...] = ()
    """When ND303 runs: (line, code, severity, weight) of each finding of the furniture
    rules that give way to it (:data:`newsdoc.rules.merge.GUESSED`), so that the
    report leaves out those on the lines ND303 reports, as ``check`` does."""

    @property
    def total(self) -> int:
        """Every finding (shown or not)."""
        return self.errors + self.warnings

    @property
    def omitted(self) -> int:
        """Findings left out of ``findings``."""
        return self.total - len(self.findings)


def _place(found: Finding) -> tuple[int, int, str]:
    """Where a finding is, to sort a file's findings as ``check`` does."""
    return found.line, found.column, found.code


def _counts(guessed: Iterable[Guessed]) -> dict[tuple[str, str], int]:
    """:attr:`FileRecord.guessed` findings counted by (code, severity)."""
    counts: dict[tuple[str, str], int] = {}
    for _, code, severity, weight in guessed:
        counts[code, severity] = counts.get((code, severity), 0) + weight
    return counts


def file_record(
    name: str,
    size: int,
    diagnostics: Sequence[Diagnostic],
    *,
    hidden: int = 0,
    document: DocumentStats | None = None,
    keep: int = 0,
) -> FileRecord:
    """A file's record from its diagnostics; ``keep`` findings are kept with their excerpts."""
    counts: dict[tuple[str, str], int] = {}
    errors = total = 0
    for d in diagnostics:
        key = (d.code, d.severity)
        weight = d.omitted or 1  # a finding that ends a rule's list counts as those left out
        counts[key] = counts.get(key, 0) + weight
        errors += weight if d.severity == "error" else 0
        total += weight
    return FileRecord(
        name,
        None,
        size,
        errors,
        total - errors,
        hidden,
        tuple((code, severity, count) for (code, severity), count in sorted(counts.items())),
        tuple(finding(d) for d in diagnostics[:keep]),
        document,
    )


class Stats:
    """The aggregates of a corpus, fed one :class:`FileRecord` at a time, in bounded memory.

    ``worst`` is how many of the worst files are kept with their findings;
    ``unreadable`` how many unreadable files are kept with their reasons.
    """

    def __init__(
        self,
        *,
        worst: int = 50,
        unreadable: int = 100,
        compare: bool = False,
        findings: int | None = None,
    ) -> None:
        self.keep_worst = worst
        self.keep_unreadable = unreadable
        self.keep_findings = findings
        """The findings a record keeps (``report --findings-per-file``; None: all)."""
        self.pool = worst * _POOL + _POOL_EXTRA if compare and worst else worst
        """The files kept as candidates for the worst: with the corpus rules, more than
        :attr:`keep_worst`, since their findings, which come at the end, move files up
        or down (:meth:`add_corpus`)."""
        self.files = 0
        self.checked = 0
        self.bytes = 0
        self.valid = 0
        self.with_errors = 0
        self.with_warnings = 0
        self.clean = 0
        self.parsed = 0
        self.errors = 0
        self.warnings = 0
        self.hidden = 0
        self.rules = RuleTable()
        self.unreadable: list[tuple[str, str]] = []
        self.unreadable_count = 0
        self.distributions = {key: Histogram(edges) for key, (_, _, edges) in DISTRIBUTIONS.items()}
        self._worst_at: dict[int, int] | None = None
        """Once the corpus findings come: each worst file's place in :attr:`_worst`."""
        self._worst: list[tuple[int, int, int, int, FileRecord]] = []
        """The worst files: (errors, warnings, minus the input's number, the index among the
        checked files, the record), in a heap."""
        self.clusters: list[Cluster] = []
        """Duplicate clusters (corpus rules ND301, ND302), at most :data:`CLUSTERS`."""
        self.cluster_count = 0
        """Every duplicate cluster found."""
        self.compared = False
        """Whether the corpus rules compared the files (the report then lists the clusters)."""
        self.signals: SignalStats | None = None
        """With ``report --signals``: the signals of the parsed documents, summarised."""
        self._kinds = bytearray() if compare else None
        """With ``compare`` (corpus rules run): per checked file, 1 if it has errors, 2 if
        warnings, so that the corpus findings that come at the end are counted right
        (one byte per file: the only state that grows with the corpus, with...)."""
        self._guessed: dict[int, tuple[int, int, tuple[Guessed, ...]]] = {}
        """...the files with :attr:`FileRecord.guessed` findings: each one's index among
        the checked files, its errors and warnings, and those findings (about 150 bytes
        for the file and 100 for each finding: only files with such findings)."""

    def add(self, record: FileRecord) -> None:
        """Count one input."""
        self.files += 1
        if record.error is not None:
            self.unreadable_count += 1
            if len(self.unreadable) < self.keep_unreadable:
                self.unreadable.append((record.name, record.error))
            return
        self.checked += 1
        self.bytes += record.size
        self.errors += record.errors
        self.warnings += record.warnings
        self.hidden += record.hidden
        self.valid += not record.errors
        self.with_errors += bool(record.errors)
        self.with_warnings += bool(record.warnings)
        self.clean += not record.total
        if self._kinds is not None:
            if record.guessed:
                self._guessed[len(self._kinds)] = (record.errors, record.warnings, record.guessed)
            self._kinds.append(bool(record.errors) | bool(record.warnings) << 1)
        self.rules.add(record.rules)
        if record.signals is not None:
            if self.signals is None:
                self.signals = SignalStats()
            self.signals.add(record.signals)
        document = record.document
        if document is not None:
            self.parsed += 1
            self.distributions["paragraphs_per_document"].add(document.paragraphs)
            self.distributions["headlines_per_document"].add(document.headlines)
            self.distributions["paragraph_length"].merge(document.paragraph_lengths)
            self.distributions["headline_length"].merge(document.headline_lengths)
        if record.total and self.pool:
            # Worst: most errors, then most warnings, then the first seen.
            key = (record.errors, record.warnings, -self.files)
            entry = (
                *key,
                self.checked - 1,
                attrs.evolve(record, document=None) if document else record,
            )
            if self._worst_at is not None:  # revised by add_corpus: a heap again
                heapq.heapify(self._worst)
                self._worst_at = None
            if len(self._worst) < self.pool:
                heapq.heappush(self._worst, entry)
            elif key > self._worst[0][:3]:
                heapq.heapreplace(self._worst, entry)

    @property
    def with_findings(self) -> int:
        """Files with at least one finding."""
        return self.checked - self.clean

    def worst_files(self, count: int | None = None) -> list[FileRecord]:
        """The worst files, worst first: at most :attr:`keep_worst` (and ``count``).

        A file left without findings by the corpus rules (its repeated lines in
        the baseline, say) is not one.
        """
        ranked = sorted(self._worst, key=lambda e: e[:3], reverse=True)
        worst = [entry[4] for entry in ranked if entry[0] or entry[1]]
        limit = self.keep_worst if count is None else min(count, self.keep_worst)
        return worst[:limit]

    def worst_indexes(self) -> frozenset[int]:
        """The indexes (among the checked files, from 0) of the worst files kept now."""
        return frozenset(entry[3] for entry in self._worst)

    def add_corpus(
        self, index: int, diagnostics: Sequence[Diagnostic], lines: frozenset[int] = frozenset()
    ) -> None:
        """Count the corpus rules' findings of the ``index``-th checked file (from 0).

        ``lines``: the lines of the file ND303 reports; the findings of the
        furniture rules on them are taken back (:attr:`FileRecord.guessed`),
        as ``check`` leaves them out.  A file among the worst kept gets the
        same changes in its record.
        """
        assert self._kinds is not None, "Stats(compare=True) counts corpus findings"
        dropped = self._prefer_measured(index, lines) if lines and index in self._guessed else []
        if diagnostics:
            was = self._kinds[index]
            errors = sum(d.omitted or 1 for d in diagnostics if d.severity == "error")
            warnings = sum(d.omitted or 1 for d in diagnostics) - errors
            now = was | bool(errors) | bool(warnings) << 1
            self._kinds[index] = now
            self.errors += errors
            self.warnings += warnings
            self.with_errors += bool(now & 1) and not was & 1
            self.with_warnings += bool(now & 2) and not was & 2
            self.valid -= bool(now & 1) and not was & 1
            self.clean -= not was
            self.rules.add_diagnostics(diagnostics)
        if dropped or diagnostics:
            self._revise_worst(index, dropped, diagnostics)

    def _prefer_measured(self, index: int, lines: frozenset[int]) -> list[Guessed]:
        """Take back the file's furniture findings on ``lines``; return them."""
        assert self._kinds is not None
        had_errors, had_warnings, guessed = self._guessed.pop(index)
        dropped = [entry for entry in guessed if entry[0] in lines]
        counts = _counts(dropped)
        before = _counts(guessed)
        for (code, severity), count in counts.items():
            self.rules.remove(code, severity, count, last=count == before[code, severity])
        errors = sum(count for (_, severity), count in counts.items() if severity == "error")
        warnings = sum(counts.values()) - errors
        self.errors -= errors
        self.warnings -= warnings
        was = self._kinds[index]
        now = bool(had_errors - errors) | bool(had_warnings - warnings) << 1
        self._kinds[index] = now
        self.with_errors -= bool(was & 1) and not now & 1
        self.with_warnings -= bool(was & 2) and not now & 2
        self.valid += bool(was & 1) and not now & 1
        self.clean += bool(was) and not now
        return dropped

    def _revise_worst(
        self, index: int, dropped: Sequence[Guessed], added: Sequence[Diagnostic]
    ) -> None:
        """Take ``dropped`` out of the record of a file among the worst kept, and add ``added``."""
        if self._worst_at is None:
            self._worst_at = {entry[3]: place for place, entry in enumerate(self._worst)}
        place = self._worst_at.get(index)
        if place is None:
            return
        _, _, key, _, kept = self._worst[place]
        change = _counts((0, d.code, d.severity, d.omitted or 1) for d in added)
        for pair, count in _counts(dropped).items():
            change[pair] = change.get(pair, 0) - count
        rules = {(code, severity): count for code, severity, count in kept.rules}
        for pair, count in change.items():
            rules[pair] = rules.get(pair, 0) + count
        errors = kept.errors + sum(n for (_, s), n in change.items() if s == "error")
        warnings = kept.warnings + sum(n for (_, s), n in change.items() if s != "error")
        gone = {(line, code) for line, code, _, _ in dropped}
        findings = [f for f in kept.findings if (f.line, f.code) not in gone]
        new = list(map(finding, added))
        if kept.omitted and kept.findings:  # the list was cut: nothing past its end
            last = _place(kept.findings[-1])
            new = [f for f in new if _place(f) <= last]
        findings += new
        findings.sort(key=_place)
        kept = attrs.evolve(
            kept,
            errors=errors,
            warnings=warnings,
            rules=tuple((*pair, count) for pair, count in sorted(rules.items()) if count),
            findings=tuple(findings[: self.keep_findings]),
        )
        self._worst[place] = (errors, warnings, key, index, kept)

    def add_clusters(self, clusters: Sequence[Cluster]) -> None:
        """Keep the duplicate clusters (the first :data:`CLUSTERS`, biggest first)."""
        self.compared = True
        self.cluster_count = len(clusters)
        ranked = sorted(clusters, key=lambda c: -len(c.others))
        self.clusters = ranked[:CLUSTERS]
