"""The report's aggregates: histograms, excerpts, the rule table, the worst files, bounded state."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdoc import validate
from newsdoc.corpus.stats import (
    COUNT_EDGES,
    DocumentStats,
    FileRecord,
    Histogram,
    RuleTable,
    Stats,
    document_stats,
    excerpt,
    file_record,
    finding,
)


def test_histogram_bins_and_labels() -> None:
    """Values fall in the bin whose range holds them; the last bin is open; labels say the range."""
    histogram = Histogram(COUNT_EDGES)
    for value in (1, 2, 3, 4, 5, 9, 10, 99, 100, 5000):
        histogram.add(value)
    assert histogram.counts == [1, 1, 2, 2, 1, 0, 0, 0, 1, 2]
    assert (histogram.count, histogram.low, histogram.high) == (10, 1, 5000)
    assert histogram.mean == pytest.approx(5233 / 10)
    labels = [Histogram.label(low, high) for low, high, _ in histogram.bins()]
    assert labels == ["1", "2", "3–4", "5–9", "10–14", "15–19", "20–29", "30–49", "50–99", "100+"]


def test_histogram_value_below_the_first_edge_counts_in_the_first_bin() -> None:
    """A value under the lowest edge is not lost: it counts in the first bin."""
    histogram = Histogram((5, 10))
    histogram.add(0)
    assert histogram.counts == [1, 0]
    assert histogram.low == 0


def test_histogram_merge() -> None:
    """Merging adds counts, totals and extremes; an empty one changes nothing; other bins refuse."""
    a, b, both = Histogram((1, 10)), Histogram((1, 10)), Histogram((1, 10))
    for value in (3, 30):
        a.add(value)
        both.add(value)
    for value in (1, 12):
        b.add(value)
        both.add(value)
    a.merge(b)
    assert a == both
    a.merge(Histogram((1, 10)))
    assert a == both
    empty = Histogram((1, 10))
    empty.merge(both)
    assert empty == both
    with pytest.raises(ValueError, match="different bins"):
        a.merge(Histogram((1, 20)))
    assert Histogram((1,)).mean is None


@pytest.mark.parametrize(
    ("line", "start", "end", "expected"),
    [
        ("short line", 6, 10, ("short line", 6, 10, 0)),
        ("short", 5, 5, ("short", 5, 5, 0)),
        ("x" * 100 + "ABC" + "y" * 100, 100, 103, ("x" * 40 + "ABC" + "y" * 77, 40, 43, 60)),
        ("x" * 300, 295, 300, ("x" * 120, 115, 120, 180)),
        ("a" * 300, 10, 290, ("a" * 120, 10, 120, 0)),
        ("abc", 7, 9, ("abc", 3, 3, 0)),
    ],
    ids=["fits", "point-at-end", "middle", "end", "long-span", "past-end"],
)
def test_excerpt_windows(
    line: str, start: int, end: int, expected: tuple[str, int, int, int]
) -> None:
    """Long lines are cut to 120 characters, 40 of them before the span when there is room."""
    assert excerpt(line, start, end) == expected


def test_finding_keeps_the_span_and_cleans_the_line() -> None:
    """A finding keeps its message and span; a span onto the next line runs to the line's end."""
    (diagnostic,) = validate("Body text.  \n\n\nHeadline\n", None)
    kept = finding(diagnostic)
    assert (kept.code, kept.line, kept.column) == ("ND101", 1, 11)
    assert kept.excerpt[kept.start : kept.end] == "  "
    assert not kept.cut_before
    assert not kept.cut_after
    (invalid, *_) = validate(b"Bad \xff byte.\n\n\nHeadline\n")
    kept = finding(invalid)
    assert kept.code == "ND001"
    assert kept.excerpt == "Bad \ufffd byte."
    assert kept.excerpt[kept.start : kept.end] == "\ufffd"
    multi = next(d for d in validate("Body text\r\n\r\n\r\nHead\n") if d.code == "ND104")
    kept = finding(multi)
    assert (kept.line, kept.end_line) == (1, 2)
    assert (kept.excerpt, kept.start, kept.end) == ("Body text", 9, 9)


def test_finding_of_a_long_line_says_where_it_was_cut() -> None:
    """An excerpt of a long line says that the line goes on before and after it."""
    text = "word " * 100 + "\u202e" + " word" * 100 + "\n\n\nHeadline\n"
    kept = finding(next(d for d in validate(text) if d.code == "ND214"))
    assert kept.cut_before
    assert kept.cut_after
    assert len(kept.excerpt) == 120
    assert kept.excerpt[kept.start : kept.end] == "\u202e"


def test_rule_table_counts_findings_and_files() -> None:
    """Findings and files per rule, most findings first, ties by code."""
    table = RuleTable()
    table.add_diagnostics(validate("Body.  \n\n\nHead \nHead \n"))
    table.add_diagnostics(validate("Body. \n\n\nHead\n"))
    rows = [(r.code, r.name, r.severity, r.count, r.files) for r in table.rows()]
    assert rows == [
        ("ND101", "trailing-whitespace", "warning", 4, 2),
        ("ND201", "duplicate-headline", "warning", 1, 1),
    ]
    assert table.rows()[0].url.endswith("/docs/rules.md#nd101-trailing-whitespace")


def _record(name: str, errors: int = 0, warnings: int = 0, **kwargs: object) -> FileRecord:
    rules = []
    if errors:
        rules.append(("ND002", "error", errors))
    if warnings:
        rules.append(("ND101", "warning", warnings))
    return FileRecord(name, None, 10, errors, warnings, rules=tuple(rules), **kwargs)  # type: ignore[arg-type]


def test_totals() -> None:
    """Files, checked, valid, with errors or warnings, clean, parsed, bytes and findings add up."""
    stats = Stats()
    shape = document_stats(["One paragraph."], ["A headline", "Another"])
    stats.add(_record("clean.txt", document=shape))
    stats.add(_record("warn.txt", 0, 2, document=shape))
    stats.add(_record("both.txt", 1, 1))
    stats.add(FileRecord("gone.txt", error="no such file or folder"))
    assert (stats.files, stats.checked, stats.unreadable_count) == (4, 3, 1)
    assert (stats.valid, stats.with_errors, stats.with_warnings, stats.clean) == (2, 1, 2, 1)
    assert (stats.errors, stats.warnings, stats.parsed, stats.bytes) == (1, 3, 2, 30)
    assert stats.unreadable == [("gone.txt", "no such file or folder")]
    assert stats.distributions["headlines_per_document"].counts[1] == 2
    assert stats.distributions["headline_length"].count == 4
    assert [r.name for r in stats.worst_files()] == ["both.txt", "warn.txt"]


def test_worst_files_rank_errors_then_warnings_then_order() -> None:
    """Most errors first, then most warnings, then the file found first; only the top N are kept."""
    stats = Stats(worst=3)
    for record in (
        _record("a", 0, 5),
        _record("b", 1, 0),
        _record("c", 1, 2),
        _record("d", 0, 9),
        _record("e", 1, 2),
        _record("f", 0, 0),
    ):
        stats.add(record)
    assert [r.name for r in stats.worst_files()] == ["c", "e", "b"]
    assert [r.name for r in stats.worst_files(1)] == ["c"]
    assert stats.with_findings == 5


def test_worst_files_drop_the_document_shape() -> None:
    """The kept worst files do not hold their histograms (only their findings are shown)."""
    stats = Stats()
    stats.add(_record("a", 1, 0, document=document_stats(["p"], ["h"])))
    assert stats.worst_files()[0].document is None
    assert stats.parsed == 1


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.booleans()), max_size=60),
    st.integers(0, 6),
)
def test_worst_files_are_the_top_of_the_full_ranking(
    files: list[tuple[int, int, bool]], keep: int
) -> None:
    """The heap keeps exactly the first ``keep`` files of a full sort of the corpus."""
    stats = Stats(worst=keep, unreadable=2)
    for index, (errors, warnings, unreadable) in enumerate(files):
        if unreadable:
            stats.add(FileRecord(f"f{index}", error="unreadable"))
        else:
            stats.add(_record(f"f{index}", errors, warnings))
    ranked = sorted(
        (
            (-errors, -warnings, index)
            for index, (errors, warnings, unreadable) in enumerate(files)
            if not unreadable and errors + warnings
        ),
    )
    assert [r.name for r in stats.worst_files()] == [f"f{i}" for *_, i in ranked[:keep]]
    assert stats.with_findings == len(ranked)
    assert stats.unreadable_count == sum(u for *_, u in files)
    assert len(stats.unreadable) == min(2, stats.unreadable_count)


def _state_size(count: int) -> tuple[int, int, int]:
    """The pickled size of a Stats fed ``count`` files, with the lengths of its kept lists."""
    stats = Stats(worst=50, unreadable=100)
    text = "Body  text. \n\n\nHead \nHead \n"
    diagnostics = validate(text)
    shape = document_stats(["Body  text."], ["Head", "Head"])
    for index in range(count):
        name = f"corpus/part{index // 1000}/file{index}.txt"
        if index % 10 == 0:
            stats.add(FileRecord(name, error="cannot read: Permission denied"))
        else:
            stats.add(file_record(name, len(text), diagnostics, document=shape, keep=20))
    return len(pickle.dumps(stats)), len(stats.worst_files()), len(stats.unreadable)


def test_state_is_bounded_in_the_number_of_files() -> None:
    """The aggregator's state does not grow with the corpus: 2,000 or 20,000 files, same size.

    Only counters (a few more digits), a fixed number of bins, a table of at
    most one entry per rule and the capped worst/unreadable lists are kept.
    """
    small, worst_small, unreadable_small = _state_size(2_000)
    large, worst_large, unreadable_large = _state_size(20_000)
    assert (worst_small, worst_large) == (50, 50)
    assert (unreadable_small, unreadable_large) == (100, 100)
    # A 10x larger corpus: the state may grow by a few bytes of wider integers only.
    assert large - small < 200, (small, large)


def test_records_pickle() -> None:
    """Records travel from worker processes: they pickle and compare equal."""
    record = file_record(
        "a.txt",
        20,
        validate("Body. \n\n\nHead\n"),
        document=document_stats(["Body."], ["Head"]),
        keep=5,
    )
    assert pickle.loads(pickle.dumps(record)) == record
    assert isinstance(record.document, DocumentStats)
    assert record.findings[0].code == "ND101"
    assert record.omitted == 0
