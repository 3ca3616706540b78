"""Baselines: fingerprints that survive edits elsewhere, counts, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsdoc
from newsdoc.cli.main import main
from newsdoc.config.baseline import Baseline, BaselineError, fingerprint

TEXT = "First paragraph. \nSecond  paragraph.\n\n\nHeadline\n"


def _baseline(tmp_path: Path, name: str, text: str) -> Baseline:
    baseline = Baseline.for_file(tmp_path / "baseline.json")
    baseline.add(name, newsdoc.validate(text))
    return baseline


def test_fingerprint_uses_rule_file_and_line_content() -> None:
    """The fingerprint changes with the rule, the file or the line's text, not with whitespace around it."""
    base = fingerprint("ND101", "a.txt", "Some line ")
    assert base == fingerprint("ND101", "a.txt", "  Some line")
    assert base != fingerprint("ND215", "a.txt", "Some line ")
    assert base != fingerprint("ND101", "b.txt", "Some line ")
    assert base != fingerprint("ND101", "a.txt", "Other line ")
    assert len(base) == 20


def test_known_findings_are_hidden_and_new_ones_reported(tmp_path: Path) -> None:
    """Findings in the baseline are left out; a new problem on another line is reported."""
    name = str(tmp_path / "a.txt")
    baseline = _baseline(tmp_path, name, TEXT)
    assert baseline.new(name, newsdoc.validate(TEXT)) == []
    changed = TEXT.replace("Headline\n", "Headline \n")
    (fresh,) = baseline.new(name, newsdoc.validate(changed))
    assert (fresh.code, fresh.line) == ("ND101", 5)


def test_edits_elsewhere_keep_the_baseline_valid(tmp_path: Path) -> None:
    """Lines added above a finding move it, and it stays known; editing its line makes it new."""
    name = str(tmp_path / "a.txt")
    baseline = _baseline(tmp_path, name, TEXT)
    moved = "A new first paragraph.\n" + TEXT
    assert baseline.new(name, newsdoc.validate(moved)) == []
    edited = TEXT.replace("First paragraph. ", "First paragraph, edited. ")
    assert [d.code for d in baseline.new(name, newsdoc.validate(edited))] == ["ND101"]
    assert baseline.new(str(tmp_path / "other.txt"), newsdoc.validate(TEXT)) != []


def test_identical_findings_are_counted(tmp_path: Path) -> None:
    """Two findings with one fingerprint are both recorded; a third is new."""
    name = str(tmp_path / "a.txt")
    body = "The council  approved the budget on Monday after a debate that lasted  six hours."
    text = f"{body}\n\n\nHead\n"
    baseline = _baseline(tmp_path, name, text)
    assert sum(baseline.counts.values()) == 2 and len(baseline.counts) == 1
    assert baseline.new(name, newsdoc.validate(text)) == []
    repeated = newsdoc.validate(f"{body}\n{body}\n\n\nHead\n")
    fresh = baseline.new(name, repeated)
    assert [(d.code, d.line) for d in fresh] == [("ND202", 2), ("ND215", 2), ("ND215", 2)]


def test_write_and_read_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A written baseline reads back equal; paths are relative to its folder, sorted, with counts."""
    (tmp_path / "corpus").mkdir()
    name = str(tmp_path / "corpus" / "a.txt")
    text = "Body  with  gaps. \n\n\nHead\n"
    Path(name).write_text(text, encoding="utf-8")
    baseline = _baseline(tmp_path, name, text)
    target = tmp_path / "baseline.json"
    assert main(["check", "--isolated", "--write-baseline", str(target), name]) == 0
    assert capsys.readouterr().err == f"newsdoc: wrote 3 findings in 1 file to {target}\n"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema"] == "newsdoc/baseline/1"
    assert [(f["path"], f["code"], f["count"]) for f in data["findings"]] == [
        ("corpus/a.txt", "ND101", 1),
        ("corpus/a.txt", "ND215", 2),
    ]
    again = Baseline.read(target)
    assert again.counts == baseline.counts
    assert target.read_text(encoding="utf-8") == again.to_json()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("{", "not a baseline (invalid JSON: "),
        ('{"schema": "other"}', 'not a newsdoc baseline (no "schema": "newsdoc/baseline/1")'),
        ("[1]", 'not a newsdoc baseline (no "schema": "newsdoc/baseline/1")'),
        (
            '{"schema": "newsdoc/baseline/1", "findings": [{"path": "a"}]}',
            "finding 0 is malformed: {'path': 'a'}",
        ),
        (
            '{"schema": "newsdoc/baseline/1", "findings": [{"path": "a", "code": "ND101", '
            '"fingerprint": "x", "count": "2"}]}',
            "finding 0 is malformed: ",
        ),
    ],
)
def test_bad_baseline_files(tmp_path: Path, content: str | None, message: str) -> None:
    """A baseline that cannot be used is an error naming the file and the problem."""
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        Baseline.read(path)
    assert str(raised.value).startswith(f"{path}: {message}")


def test_unwritable_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Writing into a missing folder is an error naming the file (exit 2)."""
    target = tmp_path / "missing" / "baseline.json"
    dump = tmp_path / "a.txt"
    dump.write_text(TEXT, encoding="utf-8")
    assert main(["check", "--isolated", "--write-baseline", str(target), str(dump)]) == 2
    assert capsys.readouterr().err.startswith(f"newsdoc: {target}: cannot write baseline: ")
