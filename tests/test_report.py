"""Report formats: the shape of each, checked against its schema where there is one."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import newsdoc
from newsdoc.output.formats import render
from newsdoc.output.results import FileReport, RunReport, summary
from tests.conftest import ROOT, SEED

DIAGNOSTICS_SCHEMA = json.loads(
    (ROOT / "src" / "newsdoc" / "schemas" / "diagnostics.schema.json").read_text(encoding="utf-8")
)
SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
BROKEN = b"Caf\xe9, 100%: a\tb, c \xe2\x80\xae\n\nHead\n\nX\n"


# The sample's findings with ND207 (opt-in) selected: its one unsafe fix, for the formats.
WITH_QUOTES = newsdoc.Config.from_mapping({"extend-select": ["ND207"]})


def _report(strict: bool = False) -> RunReport:
    return RunReport(
        (
            FileReport(str(SEED), tuple(newsdoc.validate(SEED.read_bytes(), WITH_QUOTES))),
            FileReport("dir/broken, 1.txt", tuple(newsdoc.validate(BROKEN, WITH_QUOTES))),
            FileReport("clean.txt", ()),
            FileReport("missing.txt", error="no such file or folder"),
        ),
        strict=strict,
        hidden=2,
    )


def test_concise() -> None:
    """One path:line:col: CODE message line per problem, nothing else."""
    lines = render("concise", _report()).splitlines()
    assert lines[:3] == [
        f"{SEED}:15:95: ND207 [warning] the file mixes quote styles (9 curly, 1 straight; it mostly "
        "uses curly quotes): this straight apostrophe (') is the only straight one",
        f"{SEED}:23:110: ND101 [warning] trailing whitespace: a space after the text",
        f"{SEED}:24:1: ND109 [warning] 3 blank lines after the headline list",
    ]
    assert lines[3] == (
        "dir/broken, 1.txt:1:4: ND001 [error] invalid UTF-8: byte 0xE9 at byte offset 3 cannot be decoded"
    )
    assert len(lines) == 8


def test_github_annotations() -> None:
    """Workflow commands with escaped properties; the message still names path and line."""
    lines = render("github", _report()).splitlines()
    assert lines[1] == (
        f"::warning title=ND101 trailing-whitespace,file={SEED},line=23,col=110,endLine=23,"
        f"endColumn=111::{SEED}:23:110: ND101 trailing whitespace: a space after the text"
    )
    broken = [line for line in lines if "broken" in line]
    assert broken[0] == (
        "::error title=ND001 invalid-utf8,file=dir/broken%2C 1.txt,line=1,col=4,endLine=1,"
        "endColumn=5::dir/broken, 1.txt:1:4: ND001 invalid UTF-8: byte 0xE9 at byte offset 3 "
        "cannot be decoded"
    )
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    strict = render("github", _report(strict=True)).splitlines()
    assert all(line.startswith("::error ") for line in strict)


def test_full_shows_source_and_caret() -> None:
    """The full format shows the line, a caret under the problem, the fix, and a summary."""
    text = render("full", _report())
    assert (
        "warning[ND101]: trailing whitespace: a space after the text\n"
        f"  --> {SEED}:23:110\n"
        "   |\n"
        "23 | …n Gender-Affirming Care for Youth \n"
        "   |                                   ^\n"
        "   = fix (safe): delete the trailing whitespace\n"
    ) in text
    assert text.endswith(
        "Found 3 errors and 5 warnings in 2 files of 3 checked "
        "(1 could not be read; 2 findings hidden by the baseline).\n"
        "3 fixable with --fix (3 more with --fix --unsafe-fixes).\n"
    )
    assert "\x1b[" not in text
    assert "\u202e" not in text, "a bidi control must never reach the terminal"
    quiet = render("full", _report(), quiet=True)
    assert quiet == text[: text.rindex("Found")]


def test_full_caret_under_tabs_wide_and_invisible_characters() -> None:
    """Tabs, wide characters and invisible ones are shown so that the caret stays aligned."""
    text = "日本\tx\u200bé  y.\n\n\nHead\n"
    found = [d for d in newsdoc.validate(text) if d.code == "ND215"]
    out = render("full", RunReport((FileReport("a.txt", tuple(found)),)))
    assert "1 | 日本→x�é  y.\n  |         ^^\n" in out


def test_full_colour() -> None:
    """Colour codes appear only when asked for."""
    out = render("full", _report(), color=True)
    assert "\x1b[1;33mwarning[ND101]\x1b[0m" in out
    assert "\x1b[1;31merror[ND001]\x1b[0m" in out


def test_summary_lines() -> None:
    """The summary counts what was found, in words that fit the numbers."""
    assert summary(RunReport((FileReport("a", ()),))) == "No problems found in 1 file."
    assert summary(RunReport((FileReport("a", ()), FileReport("b", ())))) == (
        "No problems found in 2 files."
    )
    one = tuple(newsdoc.validate("Body. \n\n\nHead\n"))
    assert summary(RunReport((FileReport("a", one),))) == "Found 1 warning in 1 file of 1 checked."


def _fixable(text: str, fixed: int = 0) -> FileReport:
    return FileReport("a.txt", tuple(newsdoc.validate(text)), fixed=fixed)


CLEAN = "The council approved the budget.\n\n\nCouncil Approves Budget\n"
SAFE_AND_UNSAFE = "Body \u00a0x. \n\n\nHead\n"  # a trailing space (safe), a no-break space (unsafe)


@pytest.mark.parametrize(
    ("report", "tail"),
    [
        (
            RunReport((_fixable(SAFE_AND_UNSAFE),)),
            "Found 2 warnings in 1 file of 1 checked.\n"
            "1 fixable with --fix (1 more with --fix --unsafe-fixes).\n",
        ),
        (
            RunReport((_fixable("Body.  \n\n\nHead \n"),)),
            "Found 2 warnings in 1 file of 1 checked.\n2 fixable with --fix.\n",
        ),
        (
            RunReport((_fixable("Body \u00a0x.\n\n\nHead\n"),)),
            "Found 1 warning in 1 file of 1 checked.\n1 fixable with --fix --unsafe-fixes.\n",
        ),
        (
            RunReport((_fixable("Body \u00a0x.\n\n\nHead\n", 3), _fixable(CLEAN)), fixing=True),
            "Fixed 3 problems in 1 file.\n"
            "Found 1 warning in 1 file of 2 checked.\n"
            "1 more fixable with --unsafe-fixes.\n",
        ),
        (
            RunReport((_fixable(CLEAN, 1),), fixing=True, unsafe_fixes=True),
            "Fixed 1 problem in 1 file.\nNo problems found in 1 file.\n",
        ),
        (
            RunReport((_fixable(CLEAN),), fixing=True),
            "No problems fixed.\nNo problems found in 1 file.\n",
        ),
    ],
)
def test_fix_summary_and_hints(report: RunReport, tail: str) -> None:
    """The full format says what --fix fixed, then what remains, then what more a fix could do."""
    text = render("full", report)
    assert text.endswith("\n\n" + tail) or text == tail


def test_json_matches_its_schema() -> None:
    """The JSON report is valid against schemas/diagnostics.schema.json, and complete."""
    jsonschema.Draft202012Validator.check_schema(DIAGNOSTICS_SCHEMA)
    data = json.loads(render("json", _report()))
    jsonschema.Draft202012Validator(
        DIAGNOSTICS_SCHEMA, format_checker=jsonschema.FormatChecker()
    ).validate(data)
    assert data["summary"] == {
        "files": 3,
        "unreadable": 1,
        "errors": 3,
        "warnings": 5,
        "hidden_by_baseline": 2,
        "fixed": 0,
        "failed": True,
    }
    assert [f["path"] for f in data["files"]][-1] == "missing.txt"
    assert data["files"][-1]["error"] == "no such file or folder"
    first = data["diagnostics"][1]
    assert first == {
        "path": str(SEED),
        "code": "ND101",
        "rule": "trailing-whitespace",
        "severity": "warning",
        "message": "trailing whitespace: a space after the text",
        "line": 23,
        "column": 110,
        "end_line": 23,
        "end_column": 111,
        "fix": {
            "applicability": "safe",
            "message": "delete the trailing whitespace",
            "edits": [
                {
                    "start": 2948,
                    "end": 2949,
                    "content": "",
                    "line": 23,
                    "column": 110,
                    "end_line": 23,
                    "end_column": 111,
                }
            ],
        },
        "url": "https://github.com/newsdoc/newsdoc/blob/main/docs/rules.md#nd101-trailing-whitespace",
    }


def test_json_schema_rejects_wrong_reports() -> None:
    """The schema is strict: unknown keys, bad codes and bad positions fail it."""
    data = json.loads(render("json", _report()))
    validator = jsonschema.Draft202012Validator(DIAGNOSTICS_SCHEMA)
    changes: list[tuple[tuple[str | int, ...], object]] = [
        (("extra",), 1),
        (("diagnostics", 0, "code"), "X1"),
        (("diagnostics", 0, "line"), 0),
        (("diagnostics", 0, "fix", "applicability"), "maybe"),
        (("schema",), "newsdoc/diagnostics/2"),
    ]
    assert validator.is_valid(data)
    for path, value in changes:
        copy: Any = json.loads(json.dumps(data))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not validator.is_valid(copy), path


def test_sarif_matches_the_sarif_schema() -> None:
    """The SARIF log validates against the official 2.1.0 schema, with rules, help links and fixes."""
    log = json.loads(render("sarif", _report()))
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in newsdoc.RULES]
    assert rules[7]["helpUri"].endswith("#nd102-blank-line-whitespace")
    result = run["results"][1]
    assert result["ruleId"] == "ND101" and rules[result["ruleIndex"]]["id"] == "ND101"
    assert result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 23,
        "startColumn": 110,
        "endLine": 23,
        "endColumn": 111,
    }
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": ""}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "dir/broken%2C%201.txt" in uris
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"] == "no such file or folder"
    assert run["invocations"][0]["executionSuccessful"] is False


def test_junit() -> None:
    """One test case per file: failures for failing files, warnings in system-out, errors for unreadable ones."""
    root = ET.fromstring(render("junit", _report()))
    suite = root.find("testsuite")
    assert suite is not None
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "1", "1")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == [str(SEED), "dir/broken, 1.txt", "clean.txt", "missing.txt"]
    seed = cases[str(SEED)]
    assert seed.find("failure") is None
    out = seed.find("system-out")
    assert out is not None and out.text is not None and "ND101 [warning]" in out.text
    failure = cases["dir/broken, 1.txt"].find("failure")
    assert failure is not None and failure.get("message") == "5 problems"
    assert failure.get("type") == "ND001,ND006,ND107,ND111,ND214"
    assert list(cases["clean.txt"]) == []
    error = cases["missing.txt"].find("error")
    assert error is not None and error.get("message") == "no such file or folder"
    strict = ET.fromstring(render("junit", _report(strict=True)))
    assert strict.get("failures") == "2"


def test_junit_escapes_what_xml_cannot_hold() -> None:
    """Control characters and markup in names and messages do not break the XML."""
    found = tuple(newsdoc.validate("A\x01 <b>&\n\n\nHead\n"))
    text = render("junit", RunReport((FileReport('we"ird<&>.txt', found),)))
    root = ET.fromstring(text)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == 'we"ird<&>.txt'
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert "control character U+0001 (SOH) is not allowed" in failure.text
    odd = ET.fromstring(render("junit", RunReport((FileReport("a\x01b.txt", found),))))
    case = odd.find("testsuite/testcase")
    assert case is not None and case.get("name") == "a\\u0001b.txt"


def test_gitlab_code_quality(monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON array of issues with unique fingerprints, severities and positions.

    Paths are relative to the project (here the current folder); the file
    that could not be read is an issue too.
    """
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(ROOT)
    issues = json.loads(render("gitlab", _report()))
    assert len(issues) == 9
    assert len({issue["fingerprint"] for issue in issues}) == 9
    first = issues[1]
    assert first["check_name"] == "ND101 trailing-whitespace"
    assert first["severity"] == "minor"
    assert first["location"] == {
        "path": SEED.relative_to(ROOT).as_posix(),
        "positions": {"begin": {"line": 23, "column": 110}, "end": {"line": 23, "column": 111}},
    }
    assert {issue["severity"] for issue in issues} == {"minor", "major", "critical"}
    assert issues[-1]["location"] == {"path": "missing.txt", "lines": {"begin": 1}}


def test_every_format_handles_an_empty_run() -> None:
    """No files at all is a valid, empty report in every format (no summary of nothing)."""
    empty = RunReport(())
    assert render("concise", empty) == render("github", empty) == ""
    assert render("full", empty) == ""
    assert json.loads(render("json", empty))["diagnostics"] == []
    assert json.loads(render("gitlab", empty)) == []
    assert json.loads(render("sarif", empty))["runs"][0]["results"] == []
    assert ET.fromstring(render("junit", empty)).get("tests") == "0"
