"""`newsdoc report` with the corpus rules counts and shows what `newsdoc check` reports.

ND303's findings come at the end of the run, after each file's own; on the
lines it reports, the furniture rules' findings (ND216-ND219) are left out,
as `check` leaves them out.  The report's totals, rule table and worst files
follow (``Stats.add_corpus``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsdoc.cli.report as report_command
from tests import schema_check
from tests.cli_helpers import run, write
from tests.test_corpus import article, dump


@pytest.mark.parametrize("severity", ["warning", "error"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_report_counts_what_check_reports(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    severity: str,
    jobs: str,
) -> None:
    """`report` leaves out the furniture findings on ND303's lines as `check` does, and counts the rest.

    Five files end with the same newsletter line (ND303 there, not ND217),
    a sixth with another wording (ND217 stays); one of the five has a second
    boilerplate line of its own.  The totals, the rule table and the worst
    files' records agree with check's findings, with ND217 a warning or an
    error, in one process or two; the worst files show their repeated line
    (read again), though the inputs kept for that are cut down after each file.
    """
    monkeypatch.setattr(report_command, "_KEPT_SOURCES", 1)
    corpus = tmp_path / "corpus"
    for index in range(5):
        body = [*article(index, 2), "Sign up for our newsletter."]
        if index == 2:
            body.insert(1, "Click here to subscribe to our newsletter.")
        write(corpus / f"{index}.txt", dump(body, (f"Headline {index}", f"Other {index}")))
    write(corpus / "5.txt", dump([*article(7, 2), "Subscribe to our newsletter today."]))
    config = write(tmp_path / "newsdoc.toml", f'[rules.ND217]\nseverity = "{severity}"\n')
    common = [str(corpus), "--config", str(config), "--extend-select", "ND303", "--jobs", jobs]
    _, out, _ = run(capsys, "check", *common, "--output-format", "json", "--exit-zero")
    diagnostics = json.loads(out)["diagnostics"]
    found = [(Path(d["path"]).name, d["code"], d["severity"]) for d in diagnostics]
    assert sorted(code for _, code, _ in found) == ["ND217", "ND217"] + ["ND303"] * 5
    _, out, _ = run(capsys, "report", *common, "--format", "json", "--exit-zero")
    report = json.loads(out)
    errors = [name for name, _, level in found if level == "error"]
    warnings = [name for name, _, level in found if level == "warning"]
    totals = report["totals"]
    assert (totals["errors"], totals["warnings"]) == (len(errors), len(warnings))
    assert (totals["with_errors"], totals["with_warnings"]) == (
        len(set(errors)),
        len(set(warnings)),
    )
    assert (totals["valid"], totals["clean"]) == (6 - len(set(errors)), 0)
    rules = {(r["code"], r["severity"]): (r["count"], r["files"]) for r in report["rules"]}
    assert rules == {("ND303", "warning"): (5, 5), ("ND217", severity): (2, 2)}
    records = {Path(f["path"]).name: f for f in report["worst_files"]}
    for name, record in records.items():
        mine = sorted((code, level) for file, code, level in found if file == name)
        assert sorted((f["code"], f["severity"]) for f in record["findings"]) == mine
        assert (record["errors"], record["warnings"]) == (errors.count(name), warnings.count(name))
    assert records["0.txt"]["findings"][0]["excerpt"]["text"] == "Sign up for our newsletter."
    assert records["2.txt"]["rules"] == {"ND217": 1, "ND303": 1}


def _newsletter_corpus(folder: Path, files: int = 5) -> None:
    """Files that each end with the same newsletter line (ND217's wording, ND303's frequency)."""
    for index in range(files):
        body = [*article(index, 2), "Sign up for our newsletter."]
        write(folder / f"{index}.txt", dump(body, (f"Headline {index}", f"Other {index}")))


def test_a_file_left_clean_is_not_among_the_worst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A baseline holding every ND303 finding leaves the files clean: no worst file is listed.

    (ND217 gives way to ND303 on the line, and the baseline hides ND303.)
    """
    corpus = tmp_path / "corpus"
    _newsletter_corpus(corpus)
    baseline = tmp_path / "baseline.json"
    common = [str(corpus), "--extend-select", "ND303"]
    run(capsys, "check", *common, "--ignore", "ND217", "--write-baseline", str(baseline))
    code, out, _ = run(capsys, "check", *common, "--baseline", str(baseline))
    assert (code, out) == (0, "No problems found in 5 files (5 findings hidden by the baseline).\n")
    _, out, _ = run(capsys, "report", *common, "--baseline", str(baseline), "--format", "json")
    data = json.loads(out)
    assert list(schema_check.validator("report").iter_errors(data)) == []
    assert (data["totals"]["clean"], data["totals"]["hidden_by_baseline"]) == (5, 5)
    assert (data["worst_files"], data["worst_files_omitted"]) == ([], 0)


def test_the_worst_files_are_ranked_with_the_corpus_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file the corpus findings make worse comes first, though its own findings ranked it lower.

    ``a.txt`` has two boilerplate lines (ND217), both repeated in five other
    files: one ND303 finding in the end.  ``b.txt`` has one trailing space
    (ND101) and one repeated plain line: two findings in the end.
    """
    corpus = tmp_path / "corpus"
    shared = [
        "Click here to subscribe to our newsletter.",
        "The weather today was reported by our own staff writers at the desk.",
        "Sign up for our newsletter.",
    ]
    a_body = [article(20, 1)[0], shared[0], article(21, 1)[0], shared[2]]
    write(corpus / "a.txt", dump(a_body, ("Head a", "Other a")))
    b_body = [article(22, 1)[0], shared[1], article(23, 1)[0] + "  "]
    write(corpus / "b.txt", dump(b_body, ("Head b", "Other b")))
    for index in range(5):
        write(corpus / f"c{index}.txt", dump([article(index, 1)[0], *shared]))
    common = [str(corpus), "--extend-select", "ND303", "--exit-zero", "--format", "json"]
    for worst in ("1", "3"):
        _, out, _ = run(capsys, "report", *common, "--worst", worst)
        records = json.loads(out)["worst_files"]
        assert [Path(r["path"]).name for r in records][:1] == ["b.txt"]
        assert (records[0]["warnings"], records[0]["rules"]) == (2, {"ND101": 1, "ND303": 1})
        assert len(records) == int(worst)


def test_a_cut_findings_list_stays_cut(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With --findings-per-file 0, a worst file's record gets its corpus findings counted, not listed."""
    corpus = tmp_path / "corpus"
    _newsletter_corpus(corpus)
    argv = [str(corpus), "--extend-select", "ND303", "--findings-per-file", "0", "--format", "json"]
    _, out, _ = run(capsys, "report", *argv, "--exit-zero")
    records = json.loads(out)["worst_files"]
    assert [(r["warnings"], r["findings"], r["omitted"]) for r in records] == [(1, [], 1)] * 5
