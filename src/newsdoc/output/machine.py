"""Machine-readable reports: JSON, SARIF 2.1.0, JUnit XML and GitLab Code Quality.

The JSON report follows ``schemas/diagnostics.schema.json``; the SARIF one
validates against the official SARIF 2.1.0 schema.  Positions are 1-based
and columns count Unicode code points (SARIF says so with ``columnKind``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from ..io.metadata import version
from ..model.chars import escape_json, escape_xml
from ..model.diagnostic import Diagnostic, Fix
from ..model.words import plural
from ..rules.registry import RULES, RULES_BY_CODE
from .results import RunReport, escaped

__all__ = [
    "SARIF_LIMIT",
    "project_root",
    "render_gitlab",
    "render_json",
    "render_junit",
    "render_sarif",
    "sarif_left_out",
]

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
                "errors": sum(d.omitted or 1 for d in f.diagnostics if d.severity == "error"),
                "warnings": sum(d.omitted or 1 for d in f.diagnostics if d.severity == "warning"),
                "fixed": f.fixed,
            }
            for f in report.files
        ],
        "diagnostics": [_diagnostic_json(f.name, d) for f in report.files for d in f.diagnostics],
    }
    return _dumps(data)


# --- SARIF -------------------------------------------------------------------------

SARIF_LIMIT: Final = 25_000
"""The most results GitHub code scanning accepts in one run: a log keeps at most these."""

SRCROOT: Final = "SRCROOT"
"""The ``uriBaseId`` of paths under the project root."""


def project_root(variable: str) -> Path:
    """The project's root: the folder the CI variable ``variable`` names, else the current one."""
    return Path(os.path.abspath(os.environ.get(variable) or os.curdir))


def _relative(name: str, root: Path) -> str | None:
    """A file's path relative to ``root``, with ``/``; None for standard input or outside it."""
    if name == "-":
        return None
    try:
        return Path(os.path.abspath(name)).relative_to(root).as_posix()
    except ValueError:
        return None


def _artifact(name: str, root: Path) -> dict[str, str]:
    """Where a file is: relative to the project root (``SRCROOT``), or an absolute URI."""
    relative = _relative(name, root)
    if relative is not None:
        return {"uri": _quote(relative), "uriBaseId": SRCROOT}
    path = Path(name)
    if path.is_absolute():
        return {"uri": "file://" + _quote(path.as_posix())}
    return {"uri": _quote(path.as_posix())}


def _quote(path: str) -> str:
    """A path quoted for a URI; a name that is not UTF-8 (surrogate escapes) as its bytes."""
    try:
        return quote(path, errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate no file name has: kept as it is written
        return quote(path, errors="surrogatepass")


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


def _fingerprints(name: str, diagnostics: tuple[Diagnostic, ...]) -> list[str]:
    """One fingerprint per finding of a file: unique, and the same when unrelated lines move.

    A finding is known by its rule, its file, the content of its line and
    its column, and, for findings alike in all of these (the same line
    twice in a file), by which of them it is, in order.  Its line number
    is left out, so that lines added or removed elsewhere change nothing.
    """
    from ..config.baseline import fingerprint

    seen: dict[str, int] = {}
    found = []
    for d in diagnostics:
        key = f"{fingerprint(d.code, name, d.source_line)}:{d.column}"
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}:{seen[key]}".encode()).hexdigest()
        found.append(digest[:32])
    return found


def _sarif_result(
    location: dict[str, str], d: Diagnostic, level: str, rule: int, fingerprint: str
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule,
        "level": level,
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": _region(d.line, d.column, d.end_line, d.end_column),
                }
            }
        ],
        "partialFingerprints": {"newsdoc/v2": fingerprint},
    }
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f"{d.fix.message} ({d.fix.applicability} fix)"},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
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


def sarif_left_out(report: RunReport) -> int:
    """How many findings a SARIF log of the run leaves out to stay within :data:`SARIF_LIMIT`."""
    total = sum(len(f.diagnostics) for f in report.files)
    return max(0, total - SARIF_LIMIT)


def render_sarif(report: RunReport) -> str:
    """A SARIF 2.1.0 log, with every rule's metadata and help link.

    Paths under the project root (``GITHUB_WORKSPACE`` when set, else the
    current folder) are relative to ``SRCROOT``, which
    ``originalUriBaseIds`` gives.  At most :data:`SARIF_LIMIT` results are
    kept, the errors first, and a notification says how many were left out.
    """
    root = project_root("GITHUB_WORKSPACE")
    index = {rule.code: number for number, rule in enumerate(RULES)}
    results: list[tuple[bool, dict[str, Any]]] = []
    for f in report.files:
        location = _artifact(f.name, root)
        key = _relative(f.name, root) or f.name
        for d, fingerprint in zip(f.diagnostics, _fingerprints(key, f.diagnostics), strict=True):
            fails = report.fails(d)
            level = "error" if fails else "warning"
            results.append((fails, _sarif_result(location, d, level, index[d.code], fingerprint)))
    notifications = [
        {
            "level": "error",
            "message": {"text": f.error},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(f.name, root)}}],
        }
        for f in report.files
        if f.error is not None
    ]
    left_out = len(results) - SARIF_LIMIT
    if left_out > 0:
        # Errors first (in order), then warnings, up to the limit.
        results = sorted(results, key=lambda item: not item[0])[:SARIF_LIMIT]
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{plural(left_out, 'finding')} left out: GitHub code scanning "
                    f"accepts at most {SARIF_LIMIT:,} results per run, so this log keeps the "
                    "errors first, then the warnings, in the order found"
                },
            }
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "newsdoc",
                "version": version(),
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(number) for number in range(len(RULES))],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not any(f.error is not None for f in report.files),
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": [result for _, result in results],
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


def _timing(report: RunReport) -> tuple[str, str]:
    """The ``time`` attribute, and the ``timestamp`` one, of a timed run ("" when not timed)."""
    from datetime import datetime

    time = "" if report.duration is None else f' time="{report.duration:.3f}"'
    if report.started is None:
        return time, ""
    when = datetime.fromtimestamp(report.started).astimezone()
    return time, f' timestamp="{when.isoformat(timespec="seconds")}"'


def render_junit(report: RunReport) -> str:
    """JUnit XML: one test case per file, failing when the file fails the run.

    A failure lists all of the file's problems; a file with only warnings
    (and no ``--strict``) passes, its warnings in ``system-out``; a file that
    could not be read is an ``error``.  The suite has the run's ``time``
    (seconds) and ``timestamp`` (ISO 8601) when the run was timed; the
    report validates against Jenkins' JUnit schema (``junit-10.xsd``).
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
        head = f'    <testcase classname="newsdoc.check" name="{name}">'
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
    time, timestamp = _timing(report)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="newsdoc" {counts}{time}>\n'
        f'  <testsuite name="newsdoc check" {counts} skipped="0"{time}{timestamp}>\n'
        f"{''.join(cases)}"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


# --- GitLab Code Quality --------------------------------------------------------------


_CATEGORIES: Final = {"structure": "Bug Risk", "layout": "Style", "content": "Clarity"}
"""The Code Climate category of each rule category."""


def _categories(code: str) -> list[str]:
    """A rule's Code Climate categories: its category's, and Duplication or Security for some."""
    rule = RULES_BY_CODE[code]
    categories = [_CATEGORIES.get(rule.category, "Style")]
    if rule.name.startswith("duplicate-"):
        categories.append("Duplication")
    if rule.protected:  # kept on by broad selections: a security rule (Trojan Source)
        categories.append("Security")
    return categories


def _gitlab_path(name: str, root: Path) -> str:
    """A file's path relative to the project root, with ``/`` (as given when outside it)."""
    relative = _relative(name, root)
    return relative if relative is not None else Path(name).as_posix()


def render_gitlab(report: RunReport) -> str:
    """A GitLab Code Quality report: a JSON array of issues with unique fingerprints.

    Paths are relative to the project root (``CI_PROJECT_DIR`` when set,
    else the current folder), as GitLab maps them to the repository's
    files.  An input that could not be read is an issue too (``critical``).
    """
    root = project_root("CI_PROJECT_DIR")
    issues = []
    for file in report.files:
        path = _gitlab_path(file.name, root)
        if file.error is not None:
            issues.append(
                {
                    "type": "issue",
                    "check_name": "newsdoc input",
                    "description": f"{path}: {file.error}",
                    "categories": ["Bug Risk"],
                    "severity": "critical",
                    "fingerprint": hashlib.sha256(
                        f"input\0{path}".encode("utf-8", "surrogatepass")
                    ).hexdigest(),
                    "location": {"path": path, "lines": {"begin": 1}},
                }
            )
            continue
        for d, fingerprint in zip(
            file.diagnostics, _fingerprints(path, file.diagnostics), strict=True
        ):
            issues.append(
                {
                    "type": "issue",
                    "check_name": f"{d.code} {d.name}",
                    "description": f"{d.code} {d.message}",
                    "categories": _categories(d.code),
                    "severity": "major" if report.fails(d) else "minor",
                    "fingerprint": fingerprint,
                    "location": {
                        "path": path,
                        "positions": {
                            "begin": {"line": d.line, "column": d.column},
                            "end": {"line": d.end_line, "column": d.end_column},
                        },
                    },
                }
            )
    return _dumps(issues)
