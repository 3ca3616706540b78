"""The corpus report in the terminal, and ``check --statistics``.

Totals, the rule table, the ten worst files and each distribution as a
text histogram.  File names and messages are untrusted: control and
invisible characters in them are printed as escapes, so that a file name
cannot move the cursor, recolour the terminal or reorder the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ..model.chars import UNPRINTABLE, escape, escape_json
from ..model.words import plural
from ..output.results import RunReport, summary
from .stats import DISTRIBUTIONS, EXACT, Histogram, RuleRow, RuleTable, Stats

__all__ = ["INVISIBLE", "render_statistics", "render_text", "statistics", "visible"]

INVISIBLE: Final = re.compile(f"[{UNPRINTABLE}]")
"""Characters never printed as they are (see :data:`newsdoc.model.chars.UNPRINTABLE`)."""

BAR: Final = 40
"""The width of the longest bar of a histogram, in characters."""
_EIGHTHS: Final = " ▏▎▍▌▋▊▉"
_STYLES: Final = {"error": "1;31", "warning": "1;33", "bold": "1", "dim": "2"}


def visible(text: str) -> str:
    r"""``text`` with its controls and invisible characters written as ``\xNN`` or ``\uNNNN``.

    (:func:`newsdoc.model.chars.escape`, the one escaping of the outputs.)
    """
    return escape(text)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.color else text


def render_statistics(rows: Sequence[RuleRow]) -> str:
    """``check --statistics``: one line per rule that fired, most findings first.

    Each line gives the rule's code, the number of findings, the number of
    files and the rule's name, in aligned columns.
    """
    if not rows:
        return ""
    count_width = max(len(f"{row.count}") for row in rows)
    files = [plural(row.files, "file", thousands=True) for row in rows]
    files_width = max(map(len, files))
    return "".join(
        f"{row.code}  {row.count:>{count_width}}  {shown:<{files_width}}  {row.name}\n"
        for row, shown in zip(rows, files, strict=True)
    )


def statistics(report: RunReport, *, as_json: bool = False, quiet: bool = False) -> str:
    """``check --statistics``: the rule table of a run, then its summary line (unless quiet)."""
    table = RuleTable()
    for file in report.files:
        table.add_diagnostics(file.diagnostics)
    rows = table.rows()
    if as_json:
        import json

        from .jsonreport import rule_rows_json

        return escape_json(json.dumps(rule_rows_json(rows), ensure_ascii=False, indent=2)) + "\n"

    return render_statistics(rows) + ("" if quiet else summary(report) + "\n")


def _totals(stats: Stats, paint: _Painter) -> list[str]:
    checked = stats.checked
    rows = [
        ("files", stats.files, ""),
        (
            "checked",
            checked,
            f"{stats.unreadable_count:,} could not be read" if stats.unreadable_count else "",
        ),
        ("valid", stats.valid, f"{_percent(stats.valid, checked)}  no errors"),
        ("with errors", stats.with_errors, _percent(stats.with_errors, checked)),
        ("with warnings", stats.with_warnings, _percent(stats.with_warnings, checked)),
        ("clean", stats.clean, f"{_percent(stats.clean, checked)}  no findings"),
    ]
    width = max(len(f"{count:,}") for _, count, _ in rows)
    lines = [paint("bold", "Totals")]
    for label, count, note in rows:
        lines.append(f"  {label:<15}{count:>{width},}  {note}".rstrip())
    errors = plural(stats.errors, "error", thousands=True)
    found = f"{errors}, {plural(stats.warnings, 'warning', thousands=True)}"
    if stats.hidden:
        found += f"; {stats.hidden:,} hidden by the baseline"
    lines.append(f"  {'findings':<15}{stats.errors + stats.warnings:>{width},}  {found}")
    return lines


def _rules(stats: Stats, paint: _Painter) -> list[str]:
    rows = stats.rules.rows()
    if not rows:
        return [paint("bold", "Rules"), "  no rule fired"]
    header = ("code", "count", "files", "severity", "name")
    table = [(r.code, f"{r.count:,}", f"{r.files:,}", r.severity, r.name) for r in rows]
    widths = [max(len(row[i]) for row in (header, *table)) for i in range(4)]
    lines = [paint("bold", f"Rules ({len(rows)} fired)")]
    for index, row in enumerate((header, *table)):
        code, count, files, severity, name = row
        cells = (
            f"{code:<{widths[0]}}  {count:>{widths[1]}}  {files:>{widths[2]}}  "
            f"{severity:<{widths[3]}}  {name}"
        )
        if index == 0:
            cells = paint("dim", cells)
        elif severity in _STYLES:
            cells = cells.replace(severity, paint(severity, severity), 1)
        lines.append(f"  {cells}")
    return lines


def _worst(stats: Stats, paint: _Painter, count: int) -> list[str]:
    worst = stats.worst_files(count)
    title = f"Worst files ({len(worst)} of {stats.with_findings:,} with findings)"
    if not worst:
        return [paint("bold", "Worst files"), "  no file has findings"]
    errors = max(len("errors"), *(len(f"{r.errors:,}") for r in worst))
    warnings = max(len("warnings"), *(len(f"{r.warnings:,}") for r in worst))
    lines = [
        paint("bold", title),
        "  " + paint("dim", f"{'errors':>{errors}}  {'warnings':>{warnings}}  file"),
    ]
    for record in worst:
        lines.append(
            f"  {record.errors:>{errors},}  {record.warnings:>{warnings},}  {visible(record.name)}"
        )
    return lines


def _duplicates(stats: Stats, paint: _Painter) -> list[str]:
    """The duplicate clusters: each first file, and the later ones (= exact, ~ near, with the estimate)."""
    if not stats.cluster_count:
        return [paint("bold", "Duplicates"), "  no file repeats another's body"]
    title = f"Duplicates ({plural(stats.cluster_count, 'cluster', thousands=True)})"
    lines = [paint("bold", title)]
    for cluster in stats.clusters:
        lines.append(f"  {visible(cluster.first)}")
        for name, code, estimate in cluster.others:
            mark = "=" if code == EXACT else f"~ {estimate:.0%}"
            lines.append(f"    {mark} {visible(name)}")
    if stats.cluster_count > len(stats.clusters):
        lines.append(f"  {stats.cluster_count - len(stats.clusters):,} more clusters not shown")
    return lines


def _signals(stats: Stats, paint: _Painter) -> list[str]:
    """The quality signals of the parsed documents: mean, minimum and maximum of each."""
    assert stats.signals is not None
    rows = stats.signals.rows()
    lines = [
        paint(
            "bold", f"Quality signals ({plural(stats.signals.count, 'document', thousands=True)})"
        )
    ]
    lines.append("  " + paint("dim", f"{'signal':<22}{'mean':>10}{'min':>10}{'max':>10}"))
    for name, mean, low, high in rows:
        lines.append(f"  {name:<22}{mean:>10.3f}{low:>10.3f}{high:>10.3f}")
    return lines


def histogram_lines(histogram: Histogram) -> list[str]:
    """One line per bin: its label, a bar of eighth blocks, and its count.

    Empty bins before the first value and after the last are left out.
    """
    bins = histogram.bins()
    filled = [index for index, (_, _, count) in enumerate(bins) if count]
    if not filled:
        return []
    bins = bins[filled[0] : filled[-1] + 1]
    labels = [Histogram.label(low, high) for low, high, _ in bins]
    label_width = max(map(len, labels))
    count_width = max(len(f"{count:,}") for _, _, count in bins)
    peak = max(histogram.counts)
    lines = []
    for label, (_, _, count) in zip(labels, bins, strict=True):
        eighths = round(count * BAR * 8 / peak)
        if count and not eighths:
            eighths = 1  # a bin that is not empty shows at least a sliver
        bar = "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")
        lines.append(f"  {label:>{label_width}}  {bar:<{BAR}}  {count:>{count_width},}")
    return lines


def _distribution(key: str, histogram: Histogram, paint: _Painter) -> list[str]:
    title, unit, _ = DISTRIBUTIONS[key]
    if not histogram.count:
        return [paint("bold", title), f"  no {unit}"]
    mean = histogram.mean or 0.0
    count = plural(histogram.count, unit[:-1], thousands=True)
    about = f"{count}; min {histogram.low:,}, mean {mean:,.1f}, max {histogram.high:,}"
    return [f"{paint('bold', title)}: {about}", *histogram_lines(histogram)]


def render_text(stats: Stats, *, color: bool = False, worst: int = 10) -> str:
    """The whole report for a terminal."""
    paint = _Painter(color)
    sections = [_totals(stats, paint), _rules(stats, paint)]
    if stats.compared:
        sections.append(_duplicates(stats, paint))
    if stats.signals is not None:
        sections.append(_signals(stats, paint))
    if worst:
        sections.append(_worst(stats, paint, worst))
    if stats.parsed:
        sections += [
            _distribution(key, histogram, paint) for key, histogram in stats.distributions.items()
        ]
    else:
        sections.append([paint("bold", "Documents"), "  no file parses: no distributions"])
    return "\n".join("\n".join(section) + "\n" for section in sections)
