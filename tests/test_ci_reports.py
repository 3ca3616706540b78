"""The CI reports as their consumers read them: SARIF for GitHub, GitLab Code Quality, JUnit, the job summary."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

import newsdoc
from newsdoc.output import machine
from newsdoc.output.formats import render
from newsdoc.output.results import FileReport, RunReport
from tests.cli_helpers import CLEAN, ERROR, WARNING, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")

SCHEMAS = Path(__file__).parent / "schemas"
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JUNIT_SCHEMA = xmlschema.XMLSchema(SCHEMAS / "jenkins-junit-10.xsd")

# Two findings of one rule on one line (ND214 twice); a headline three times:
# two findings alike in rule, line text and column (ND201 twice).
TWICE = (
    "The budget is \u202e000,01\u202c dollars.\n"
    "The mayor said the vote on the budget would take place next week.\n"
    "The mayor said the vote on the budget would take place next week.\n\n\n"
    "Budget Approved\nBudget Approved\nBudget Approved\n"
)


def _sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(log)
    return log


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


def _fingerprint(result: dict[str, Any]) -> str:
    value: str = result["partialFingerprints"]["newsdoc/v2"]
    return value


# --- SARIF ------------------------------------------------------------------------


def test_sarif_fingerprints_are_unique_and_survive_moved_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each finding has its own fingerprint; adding lines above leaves every fingerprint as it was.

    ND225 (not-an-article) is left out: it is a finding about the whole file, always at line 1.
    """
    write(Path("a.txt"), TWICE)
    _, out, _ = run(capsys, "check", "--ignore", "ND225", "--output-format", "sarif", "a.txt")
    before = _results(_sarif(out))
    assert [r["ruleId"] for r in before].count("ND214") == 2
    assert [r["ruleId"] for r in before].count("ND201") == 2
    prints = [_fingerprint(r) for r in before]
    assert len(set(prints)) == len(prints)
    write(Path("a.txt"), "A new first paragraph.\nAnd another one.\n" + TWICE)
    _, out, _ = run(capsys, "check", "--ignore", "ND225", "--output-format", "sarif", "a.txt")
    after = {_fingerprint(r): r for r in _results(_sarif(out))}
    for result in before:
        moved = after[_fingerprint(result)]
        assert moved["ruleId"] == result["ruleId"]
        region = moved["locations"][0]["physicalLocation"]["region"]
        old = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == old["startLine"] + 2
        assert region["startColumn"] == old["startColumn"]


def test_sarif_is_capped_at_githubs_limit_errors_first(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit, the log keeps the errors first and says what it left out, as does stderr."""
    monkeypatch.setattr(machine, "SARIF_LIMIT", 3)
    write(Path("a.txt"), WARNING.replace("budget.", "budget.  ") + "\n")  # warnings first
    write(Path("b.txt"), ERROR)  # two errors
    code, out, err = run(capsys, "check", "--output-format", "sarif", "a.txt", "b.txt")
    assert code == 1
    log = _sarif(out)
    levels = [r["level"] for r in _results(log)]
    assert levels == ["error", "error", "warning"]
    (notice,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notice["level"] == "warning"
    assert notice["message"]["text"].startswith("1 finding left out: GitHub code scanning accepts")
    assert err == (
        "newsdoc: warning: the SARIF log leaves out 1 finding: GitHub code scanning accepts "
        "at most 3 results per run (errors are kept first)\n"
    )
    code, _, err = run(capsys, "check", "--report", "sarif:x.sarif", "a.txt", "b.txt")
    assert "leaves out 1 finding" in err


def test_sarif_paths_are_relative_to_the_project_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Absolute paths under the root become relative to SRCROOT; others stay absolute URIs."""
    write(tmp_path / "corpus" / "a b.txt", WARNING)
    outside = write(tmp_path.parent / f"{tmp_path.name}-outside" / "o.txt", WARNING)
    _, out, _ = run(
        capsys, "check", "--output-format", "sarif", str(tmp_path / "corpus"), str(outside)
    )
    log = _sarif(out)
    (run_,) = log["runs"]
    assert run_["originalUriBaseIds"] == {"SRCROOT": {"uri": tmp_path.as_uri() + "/"}}
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_["results"]]
    assert locations == [
        {"uri": "corpus/a%20b.txt", "uriBaseId": "SRCROOT"},
        {"uri": outside.as_uri()},
    ]
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path / "corpus")
    _, out, _ = run(capsys, "check", "--output-format", "sarif", "a b.txt")
    location = _results(_sarif(out))[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": f"{tmp_path.name}/corpus/a%20b.txt", "uriBaseId": "SRCROOT"}


# --- GitLab -----------------------------------------------------------------------


def test_gitlab_paths_are_relative_to_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check "$PWD/corpus"`` gives repository paths; CI_PROJECT_DIR is the root when set."""
    write(tmp_path / "corpus" / "a.txt", WARNING)
    _, out, _ = run(capsys, "check", "--output-format", "gitlab", str(tmp_path / "corpus"))
    assert [i["location"]["path"] for i in json.loads(out)] == ["corpus/a.txt"]
    monkeypatch.setenv("CI_PROJECT_DIR", str(tmp_path.parent))
    _, out, _ = run(capsys, "check", "--output-format", "gitlab", "corpus")
    assert [i["location"]["path"] for i in json.loads(out)] == [f"{tmp_path.name}/corpus/a.txt"]


def test_gitlab_reports_unreadable_inputs_and_categories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Inputs that cannot be read are issues; each issue has Code Climate categories."""
    write(tmp_path / "a.txt", TWICE)
    write(tmp_path / "big.txt", CLEAN + "x" * 400)
    code, out, _ = run(
        capsys,
        "check",
        "--output-format",
        "gitlab",
        "--max-bytes",
        "300",
        "a.txt",
        "big.txt",
        "gone.txt",
    )
    assert code == 2
    issues = json.loads(out)
    inputs = [i for i in issues if i["check_name"] == "newsdoc input"]
    assert [(i["location"], i["severity"], i["categories"]) for i in inputs] == [
        ({"path": "big.txt", "lines": {"begin": 1}}, "critical", ["Bug Risk"]),
        ({"path": "gone.txt", "lines": {"begin": 1}}, "critical", ["Bug Risk"]),
    ]
    assert inputs[1]["description"] == "gone.txt: no such file or folder"
    categories = {i["check_name"].split()[0]: i["categories"] for i in issues if i not in inputs}
    security = [r.code for r in newsdoc.RULES if r.protected]
    duplicate = [r.code for r in newsdoc.RULES if r.name == "duplicate-paragraph"]
    assert categories[security[0]] == ["Clarity", "Security"]
    assert categories[duplicate[0]] == ["Clarity", "Duplication"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


# --- JUnit ------------------------------------------------------------------------


def test_junit_has_time_and_timestamp_and_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The suite has the run's time and an ISO 8601 timestamp; the XML is valid per Jenkins' XSD."""
    write(tmp_path / "bad.txt", ERROR)
    write(tmp_path / "warn.txt", WARNING)
    write(tmp_path / 'we"ird<&>.txt', CLEAN)
    code, out, _ = run(capsys, "check", "--output-format", "junit", ".", "gone.txt")
    assert code == 2
    JUNIT_SCHEMA.validate(out)
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert re.fullmatch(r"\d+\.\d{3}", suite.get("time", ""))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", suite.get("timestamp", ""))
    kinds = [[child.tag for child in case] for case in suite.findall("testcase")]
    assert kinds == [["failure"], ["system-out"], [], ["error"]]


def test_junit_of_a_report_without_timing_validates() -> None:
    """A report built by a library caller (not timed) is still valid, without time attributes."""
    found = tuple(newsdoc.validate("A\x01 <b>&\n\n\nHead\n"))
    text = render(
        "junit", RunReport((FileReport("a\x01b.txt", found), FileReport("x", error="gone")))
    )
    JUNIT_SCHEMA.validate(text)
    assert "time=" not in text and "timestamp=" not in text


# --- the job summary ----------------------------------------------------------------


@pytest.mark.parametrize("output", ["github", "full", "json"])
def test_the_job_summary_is_written_when_asked_for(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output: str,
) -> None:
    """With GITHUB_STEP_SUMMARY set, the run appends its Markdown summary, whatever the format."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    write(tmp_path / "a.txt", ERROR)
    write(tmp_path / "b.txt", WARNING)
    code, _, _ = run(capsys, "check", "--output-format", output, ".", "gone.txt")
    assert code == 2
    text = summary.read_text(encoding="utf-8")
    assert text == (
        "earlier step\n"
        "## newsdoc check\n\n"
        ":x: Found 2 errors and 1 warning in 2 files of 2 checked (1 path not found).\n\n"
        "| | |\n|---|---:|\n"
        "| files checked | 2 |\n| errors | 2 |\n| warnings | 1 |\n| paths not found | 1 |\n\n"
        "| rule | findings |\n|---|---:|\n"
        "| [ND214](https://github.com/newsdoc/newsdoc/blob/main/docs/rules.md#nd214-bidi-control)"
        " bidi-control | 2 |\n"
        "| [ND101](https://github.com/newsdoc/newsdoc/blob/main/docs/rules.md"
        "#nd101-trailing-whitespace) trailing-whitespace | 1 |\n\n"
    )


def test_no_job_summary_without_the_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without GITHUB_STEP_SUMMARY nothing is written beside the output."""
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "check", "a.txt")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
