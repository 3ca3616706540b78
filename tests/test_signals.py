"""Quality signals: their values, convert --signals in JSON, JSON Lines and Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsdoc
from newsdoc.rules.signals import NAMES, signals
from tests import schema_check
from tests.cli_helpers import run, write

pytestmark = pytest.mark.usefixtures("plain_environment")

ZERO = dict.fromkeys(NAMES, 0.0)

CASES = [
    ("empty body", [], ZERO),
    (
        "two sentences, one repeated, one short line",
        [
            "The council met on Monday evening.",
            "Vote: 7 to 2",
            "The council met on Monday evening.",
        ],
        {
            "lines": 3,
            "words": 16,
            "mean_word_length": 67 / 16,
            "alpha_words": 14 / 16,
            "symbol_ratio": 0.0,
            "terminal_punctuation": 2 / 3,
            "ellipsis_lines": 0.0,
            "bullet_lines": 0.0,
            "short_lines": 1 / 3,
            "duplicate_lines": 1 / 3,
            "duplicate_line_chars": 34 / 80,
        },
    ),
    (
        "bullets, ellipses, hashtags and closing quotes",
        ["• Read more...", "• #news #today", "He said: “It is over.”"],
        {
            "lines": 3,
            "words": 11,
            "mean_word_length": 42 / 11,
            "alpha_words": 9 / 11,
            "symbol_ratio": 3 / 11,
            "terminal_punctuation": 2 / 3,
            "ellipsis_lines": 1 / 3,
            "bullet_lines": 2 / 3,
            "short_lines": 1.0,
            "duplicate_lines": 0.0,
            "duplicate_line_chars": 0.0,
        },
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_signals(body: list[str], expected: dict[str, float]) -> None:
    """Each signal of a body is what its definition (docs/corpus.md) gives."""
    found = signals(body)
    assert list(found) == list(NAMES)
    assert found == pytest.approx(expected)


@pytest.mark.parametrize("to", ["json", "jsonl"])
def test_convert_signals_json(to: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`convert --signals` adds the signals to each document; the schema accepts them; reading back ignores them."""
    write(
        tmp_path / "a.txt", "The council met on Monday evening.\nVote: 7 to 2\n\n\nCouncil Meets\n"
    )
    write(tmp_path / "b.txt", "The vote was close.\n\n\nVote Close\n")
    code, out, _ = run(capsys, "convert", str(tmp_path), "--to", to, "--signals")
    assert code == 0
    documents = json.loads(out) if to == "json" else [json.loads(line) for line in out.splitlines()]
    assert [d["signals"]["lines"] for d in documents] == [2, 1]
    assert documents[0]["signals"]["short_lines"] == 0.5
    for document in documents:
        assert list(schema_check.validator().iter_errors(document)) == []
        assert newsdoc.from_dict(document).body[0].text == document["body"][0]


def test_convert_signals_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Parquet gets a ``signals`` struct column, one field per signal, that DuckDB or pandas can filter on."""
    pq = pytest.importorskip("pyarrow.parquet")
    write(
        tmp_path / "in" / "a.txt",
        "The council met on Monday evening.\nVote: 7 to 2\n\n\nCouncil Meets\n",
    )
    out = tmp_path / "out.parquet"
    code, _, _ = run(
        capsys, "convert", str(tmp_path / "in"), "--to", "parquet", "-o", str(out), "--signals"
    )
    assert code == 0
    table = pq.read_table(out)
    row = table.to_pylist()[0]
    assert list(row["signals"]) == list(NAMES)
    assert row["signals"]["words"] == 10 and row["signals"]["short_lines"] == 0.5


def test_signals_need_a_json_or_parquet_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--signals with --to text is a usage error that says where it applies."""
    write(tmp_path / "a.txt", "The vote was close.\n\n\nVote Close\n")
    code, _, err = run(capsys, "convert", str(tmp_path / "a.txt"), "--to", "text", "--signals")
    assert code == 2
    assert "--signals applies to --to json, jsonl and parquet, not --to text" in err


@pytest.mark.parametrize("form", ["text", "json", "html"])
def test_report_summarises_signals(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --signals` gives each signal's mean, minimum and maximum over the parsed documents."""
    write(
        tmp_path / "a.txt", "The council met on Monday evening.\nVote: 7 to 2\n\n\nCouncil Meets\n"
    )
    write(tmp_path / "b.txt", "The vote was close.\n\n\nVote Close\n")
    write(tmp_path / "c.txt", "Not a dump\n")
    argv = ["report", str(tmp_path), "--signals", "--format", form, "--worst", "0", "--exit-zero"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    if form == "text":
        assert "Quality signals (2 documents)\n" in out
        assert "  lines                      1.500     1.000     2.000\n" in out
        assert "  short_lines                0.750     0.500     1.000\n" in out
    elif form == "json":
        data = json.loads(out)
        assert data["signals"]["documents"] == 2
        assert data["signals"]["summary"]["words"] == {"mean": 7.0, "min": 4.0, "max": 10.0}
        assert list(data["signals"]["summary"]) == list(NAMES)
        assert list(schema_check.validator("report").iter_errors(data)) == []
    else:
        assert '<section id="signals"><h2>Quality signals (2 documents)</h2>' in out
        assert '<tr><td>words</td><td class="n">7.000</td>' in out
