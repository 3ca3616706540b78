"""Machine-readable reports: JSON, SARIF 2.1.0, JUnit XML and GitLab Code Quality.

The JSON report follows ``schemas/diagnostics.schema.json``; the SARIF one
validates against the official SARIF 2.1.0 schema.  Positions are 1-based
and columns count Unicode code points (SARIF says so with ``columnKind``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from ..io.metadata import version
from ..model.chars import escape_json, escape_xml
from ..model.diagnostic import Diagnostic, Fix
from ..model.words import plural
from ..rules.registry import RULES, RULES_BY_CODE
from .results import RunReport, escaped

__all__ = ["render_gitlab", "render_json", "render_junit", "render_sarif"]

SCHEMA: Final = "newsdoc/diagnostics/1"
INFORMATION_URI: Final = "https://github.com/newsdoc/newsdoc"


def _dumps(data: Any) -> str:
    return escape_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# --- JSON --------------------------------------------------------------------------


def _fix_json(fix: Fix) -> dict[str, Any]:
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [
            {
                "start": edit.start,
                "end": edit.end,
                "content": edit.content,
                "line": edit.line,
                "column": edit.column,
                "end_line": edit.end_line,
                "end_column": edit.end_column,
            }
            for edit in fix.edits
        ],
    }


def _diagnostic_json(path: str, d: Diagnostic) -> dict[str, Any]:
    return {
        "path": path,
        "code": d.code,
        "rule": d.name,
        "severity": d.severity,
        "message": d.message,
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "fix": None if d.fix is None else _fix_json(d.fix),
        "url": RULES_BY_CODE[d.code].url,
    }


def render_json(report: RunReport) -> str:
    """The run as one JSON object (schema ``newsdoc/diagnostics/1``)."""
    errors, warnings = report.count("error"), report.count("warning")
    data = {
        "schema": SCHEMA,
        "tool": {"name": "newsdoc", "version": version()},
        "summary": {
            "files": report.checked,
            "unreadable": len(report.files) - report.checked,
            "errors": errors,
            "warnings": warnings,
            "hidden_by_baseline": report.hidden,
            "fixed": report.fixed,
            "failed": any(report.fails(d) for f in report.files for d in f.diagnostics),
        },
        "files": [
            {
                "path": f.name,
                "error": f.error,
                "errors": sum(d.severity == "error" for d in f.diagnostics),
                "warnings": sum(d.severity == "warning" for d in f.diagnostics),
                "fixed": f.fixed,
            }
            for f in report.files
        ],
        "diagnostics": [_diagnostic_json(f.name, d) for f in report.files for d in f.diagnostics],
    }
    return _dumps(data)


# --- SARIF -------------------------------------------------------------------------


def _uri(name: str) -> str:
    path = Path(name)
    if path.is_absolute():
        return path.as_uri()
    # A name that is not UTF-8 (surrogate escapes) is quoted as its bytes.
    return quote(path.as_posix(), errors="surrogateescape")


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _sarif_rule(index: int) -> dict[str, Any]:
    rule = RULES[index]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "helpUri": rule.url,
        "help": {"text": f"{rule.summary} {rule.rationale}", "markdown": rule.rationale},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"category": rule.category, "fix": rule.fix or "none"},
    }


def _sarif_result(name: str, d: Diagnostic, level: str, index: dict[str, int]) -> dict[str, Any]:
    from ..config.baseline import fingerprint

    location = {"artifactLocation": {"uri": _uri(name)}}
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": level,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    **location,
                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                }
            }
        ],
        "partialFingerprints": {"newsdoc/v1": fingerprint(d.code, name, d.source_line)},
    }
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.message} ({d.fix.applicability} fix)"},
                "artifactChanges": [
                    {
                        **location,
                        "replacements": [
                            {
                                "deletedRegion": _region(
                                    e.line, e.column, e.end_line, e.end_column
                                ),
                                "insertedContent": {"text": e.content},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def render_sarif(report: RunReport) -> str:
    """A SARIF 2.1.0 log, with every rule's metadata and help link."""
    index = {rule.code: number for number, rule in enumerate(RULES)}
    results = [
        _sarif_result(f.name, d, "error" if report.fails(d) else "warning", index)
        for f in report.files
        for d in f.diagnostics
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.name)}}}],
        }
        for f in report.files
        if f.error is not None
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "newsdoc",
                "version": version(),
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(number) for number in range(len(RULES))],
            }
        },
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
        ],
        "results": results,
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return _dumps(log)


# --- JUnit -------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    """Text escaped for XML 1.0 content (see :func:`newsdoc.model.chars.escape_xml`)."""
    return escape_xml(text)


def _xml_attribute(text: str) -> str:
    """Text escaped for a double-quoted XML attribute: CR, LF and TAB as character references."""
    return escape_xml(text, attribute=True)


def render_junit(report: RunReport) -> str:
    """JUnit XML: one test case per file, failing when the file fails the run.

    A failure lists all of the file's problems; a file with only warnings
    (and no ``--strict``) passes, its warnings in ``system-out``; a file that
    could not be read is an ``error``.
    """
    cases = []
    failures = errors = 0
    for file in report.files:
        name = _xml_attribute(file.name)
        shown = escaped(file)  # the body is lines of a log: escaped as the terminal formats are
        lines = "".join(
            f"{shown.name}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}\n"
            for d in shown.diagnostics
        )
        head = f'    <testcase classname="newsdoc.check" name="{name}" file="{name}">'
        if file.error is not None:
            errors += 1
            body = f'<error type="input" message="{_xml_attribute(file.error)}"/>'
        elif any(report.fails(d) for d in file.diagnostics):
            failures += 1
            count = len(file.diagnostics)
            message = plural(count, "problem")
            codes = ",".join(sorted({d.code for d in file.diagnostics}))
            body = f'<failure type="{codes}" message="{message}">{_xml_text(lines)}</failure>'
        elif lines:
            body = f"<system-out>{_xml_text(lines)}</system-out>"
        else:
            cases.append(f"{head[:-1]}/>\n")
            continue
        cases.append(f"{head}\n      {body}\n    </testcase>\n")
    total = len(report.files)
    counts = f'tests="{total}" failures="{failures}" errors="{errors}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="newsdoc" {counts}>\n'
        f'  <testsuite name="newsdoc check" {counts} skipped="0">\n'
        f"{''.join(cases)}"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


# --- GitLab Code Quality --------------------------------------------------------------


def render_gitlab(report: RunReport) -> str:
    """A GitLab Code Quality report: a JSON array of issues with unique fingerprints."""
    from ..config.baseline import fingerprint

    issues = []
    seen: dict[str, int] = {}
    for file in report.files:
        for d in file.diagnostics:
            base = fingerprint(d.code, file.name, d.source_line)
            seen[base] = seen.get(base, 0) + 1
            unique = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()
            issues.append(
                {
                    "type": "issue",
                    "check_name": f"{d.code} {d.name}",
                    "description": f"{d.code} {d.message}",
                    "categories": ["Style"],
                    "severity": "major" if report.fails(d) else "minor",
                    "fingerprint": unique,
                    "location": {
                        "path": Path(file.name).as_posix(),
                        "positions": {
                            "begin": {"line": d.line, "column": d.column},
                            "end": {"line": d.end_line, "column": d.end_column},
                        },
                    },
                }
            )
    return _dumps(issues)
