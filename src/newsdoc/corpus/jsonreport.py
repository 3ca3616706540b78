"""The corpus report as JSON (schema ``newsdoc/report/1``, ``newsdoc schema report``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ..io.metadata import version
from ..model.chars import escape_json
from .stats import DISTRIBUTIONS, FileRecord, Finding, Histogram, RuleRow, Stats

__all__ = ["SCHEMA", "render_json", "rule_rows_json", "to_json"]

SCHEMA: Final = "newsdoc/report/1"


def rule_rows_json(rows: Sequence[RuleRow]) -> list[dict[str, Any]]:
    """The rule table: one object per rule that fired, most findings first."""
    return [attrs.asdict(row) for row in rows]


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "excerpt": {
            "text": finding.excerpt,
            "start": finding.start,
            "end": finding.end,
            "cut_before": finding.cut_before,
            "cut_after": finding.cut_after,
        },
    }


def _file(record: FileRecord) -> dict[str, Any]:
    return {
        "path": record.name,
        "errors": record.errors,
        "warnings": record.warnings,
        "rules": {code: count for code, _, count in record.rules},
        "findings": [_finding(f) for f in record.findings],
        "omitted": record.omitted,
    }


def _histogram(histogram: Histogram) -> dict[str, Any]:
    return {
        "count": histogram.count,
        "min": histogram.low,
        "max": histogram.high,
        "mean": None if histogram.mean is None else round(histogram.mean, 3),
        "bins": [
            {"low": low, "high": high, "count": count} for low, high, count in histogram.bins()
        ],
    }


def to_json(stats: Stats) -> dict[str, Any]:
    """The report's aggregates as a JSON-ready dict."""
    worst = stats.worst_files()
    data = {
        "schema": SCHEMA,
        "tool": {"name": "newsdoc", "version": version()},
        "totals": {
            "files": stats.files,
            "checked": stats.checked,
            "unreadable": stats.unreadable_count,
            "valid": stats.valid,
            "with_errors": stats.with_errors,
            "with_warnings": stats.with_warnings,
            "clean": stats.clean,
            "parsed": stats.parsed,
            "errors": stats.errors,
            "warnings": stats.warnings,
            "hidden_by_baseline": stats.hidden,
            "bytes": stats.bytes,
        },
        "rules": rule_rows_json(stats.rules.rows()),
        "worst_files": [_file(record) for record in worst],
        "worst_files_omitted": stats.with_findings - len(worst),
        "unreadable": [{"path": name, "error": error} for name, error in stats.unreadable],
        "unreadable_omitted": stats.unreadable_count - len(stats.unreadable),
        "distributions": {key: _histogram(stats.distributions[key]) for key in DISTRIBUTIONS},
    }
    if stats.compared:
        data["duplicates"] = _duplicates(stats)
    if stats.signals is not None:
        data["signals"] = {
            "documents": stats.signals.count,
            "summary": {
                name: {"mean": round(mean, 6), "min": low, "max": high}
                for name, mean, low, high in stats.signals.rows()
            },
        }
    return data


def _duplicates(stats: Stats) -> dict[str, Any]:
    return {
        "clusters": [
            {
                "first": cluster.first,
                "others": [
                    {"path": name, "code": code, "similarity": round(estimate, 3)}
                    for name, code, estimate in cluster.others
                ],
            }
            for cluster in stats.clusters
        ],
        "clusters_omitted": stats.cluster_count - len(stats.clusters),
    }


def render_json(stats: Stats) -> str:
    """The report as indented JSON text."""
    return escape_json(json.dumps(to_json(stats), ensure_ascii=False, indent=2)) + "\n"
