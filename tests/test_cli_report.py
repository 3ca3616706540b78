"""``newsdoc report`` and ``check --statistics`` end to end.

The transcripts under tests/data/report/cases/ pin the exact output (stdout,
stderr, exit code) of commands run in a copy of tests/data/report/.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from jsonschema import Draft202012Validator

import newsdoc.corpus.survey as survey_module
import newsdoc.io.pool as pool
from newsdoc.cli.main import main
from newsdoc.cli.schema import schemas
from newsdoc.config.settings import Config
from newsdoc.corpus.stats import FileRecord
from newsdoc.corpus.survey import Settings, survey
from newsdoc.io.finder import Source
from tests import schema_check
from tests.cli_helpers import CLEAN, ERROR, WARNING, run, write
from tests.conftest import DATA, ROOT, SEED

pytestmark = pytest.mark.usefixtures("plain_environment")

REPORT = DATA / "report"
CASES = sorted((REPORT / "cases").glob("*.transcript"))


# --- pinned transcripts ----------------------------------------------------------------


def parse_transcript(text: str) -> tuple[list[str], str, str, int]:
    """A transcript: ``$ newsdoc ARGS``, stdout, optionally ``[stderr]`` and its lines, ``[exit N]``."""
    command, rest = text.split("\n", 1)
    assert command.startswith("$ newsdoc "), command
    body, code = re.fullmatch(r"(.*)\[exit (\d+)\]\n", rest, re.S).groups()  # type: ignore[union-attr]
    out, _, err = body.partition("[stderr]\n")
    return shlex.split(command.removeprefix("$ newsdoc ")), out, err, int(code)


def test_transcripts_are_collected() -> None:
    """The cases are found, and cover report, check --statistics, errors and every exit code."""
    assert len(CASES) >= 12
    parsed = [parse_transcript(path.read_text(encoding="utf-8")) for path in CASES]
    assert {argv[0] for argv, *_ in parsed} == {"report", "check"}
    assert {code for *_, code in parsed} == {0, 1, 2}


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_transcript(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command prints exactly the transcript's stdout and stderr and exits with its code."""
    argv, out, err, code = parse_transcript(case.read_text(encoding="utf-8"))
    work = tmp_path / "report"
    shutil.copytree(REPORT, work, ignore=shutil.ignore_patterns("cases"))
    monkeypatch.chdir(work)
    assert run(capsys, *argv) == (code, out, err)


# --- check --statistics ----------------------------------------------------------------


def _rule_validator() -> Draft202012Validator:
    schema = json.loads(schemas()["report"].read_bytes())
    return Draft202012Validator(
        {"type": "array", "items": {"$ref": "#/$defs/rule"}, "$defs": schema["$defs"]}
    )


def test_statistics_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--statistics with --output-format json is a list of rules, as in the report's schema."""
    write(tmp_path / "a.txt", WARNING)
    write(tmp_path / "b.txt", WARNING.replace("budget.", "budget.  "))
    write(tmp_path / "c.txt", ERROR)
    code, out, err = run(capsys, "check", "--statistics", "--output-format", "json", ".")
    assert (code, err) == (1, "")
    rows = json.loads(out)
    assert list(_rule_validator().iter_errors(rows)) == []
    assert [(r["code"], r["count"], r["files"]) for r in rows] == [
        ("ND101", 2, 2),
        ("ND214", 2, 1),
    ]


def test_statistics_still_writes_reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--report FORMAT:PATH is written as usual with --statistics."""
    write(tmp_path / "a.txt", WARNING)
    code, out, _ = run(capsys, "check", "--statistics", "--report", "json:out.json", "a.txt")
    assert code == 0
    assert out.startswith("ND101  1  1 file  trailing-whitespace\n")
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["warnings"] == 1


# --- HTML ----------------------------------------------------------------------------------

HOSTILE_NAME = "<img src=x onerror=alert(1)>&amp;.txt"
HOSTILE_TEXT = (
    'Hello <script>alert("text")</script> & <em>bold</em> \u202eevil\u202c\t"quoted"  \n'
    "\n\n</pre><!-- <iframe src=x> -->\x0b\ufffe\n"
)


def parse_html(data: bytes) -> Any:
    """Parse with html5lib, strictly: any parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(data)


def _tags(document: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for element in document.iter():
        if isinstance(element.tag, str):
            tag = element.tag.rsplit("}", 1)[-1]
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def test_html_escapes_untrusted_names_and_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Hostile file names and texts are shown as text: no element, script or comment of theirs."""
    write(tmp_path / "corpus" / HOSTILE_NAME, HOSTILE_TEXT)
    write(tmp_path / "corpus" / "clean.txt", CLEAN)
    code, _, err = run(capsys, "report", "corpus", "-o", "report.html")
    assert code == 1
    assert err == ("newsdoc: wrote report.html: 2 files, 1 valid, 1 with errors, 1 with warnings\n")
    data = (tmp_path / "report.html").read_bytes()
    document = parse_html(data)
    tags = _tags(document)
    assert tags.get("script") == 1
    for tag in ("img", "iframe", "em"):
        assert tag not in tags, tag
    page = "".join(document.itertext())
    assert HOSTILE_NAME.replace(".txt", "") in page
    assert '<script>alert("text")</script> & <em>bold</em>' in page
    assert "\u202e" not in data.decode() and "U+202E" in page
    assert "<!--" not in data.decode().split("<body>", 1)[1]
    assert "Content-Security-Policy" in data.decode()


def test_html_sections_are_capped_with_notes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only the worst files get a section, each with its first findings; notes count the rest."""
    for index in range(6):
        lines = "".join(f"Paragraph {n} of file {index}. \n" for n in range(index + 1))
        write(tmp_path / "corpus" / f"f{index}.txt", lines + "\n\nHeadline\n")
    code, _, _ = run(
        capsys, "report", "corpus", "-o", "r.html", "--worst", "2", "--findings-per-file", "3"
    )
    assert code == 0
    document = parse_html((tmp_path / "r.html").read_bytes())
    sections = [s for s in document.iter("section") if s.get("class") == "file"]
    assert [s.find("h3").text for s in sections] == ["corpus/f5.txt", "corpus/f4.txt"]
    assert [len(s.findall("ol/li")) for s in sections] == [3, 3]
    notes = ["".join(p.itertext()) for p in document.iter("p") if p.get("class") == "note"]
    assert "3 more findings in this file are not shown." in notes
    assert "2 more findings in this file are not shown." in notes
    assert "4 other files with findings are not shown." in notes


def test_html_highlights_the_span_on_its_source_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each finding shows its line number and source line, the span in a <mark>."""
    write(tmp_path / "a.txt", "Body with  double space.\n\n\nHeadline\n")
    run(capsys, "report", "a.txt", "-o", "a.html")
    document = parse_html((tmp_path / "a.html").read_bytes())
    (item,) = document.iter("li")
    assert item.get("data-severity") == "warning"
    link = item.find("a")
    assert (link.text, link.get("href").rsplit("#", 1)[1]) == ("ND215", "nd215-doubled-space")
    source = item.find("pre")
    assert source.find("b").text == "1"
    assert "".join(source.itertext()) == "1Body with  double space."
    assert source.find("mark").text == "  "


def test_html_on_stdout_has_totals_charts_and_sortable_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--format html prints the page: totals, four SVG charts, a sortable rule table with links."""
    write(tmp_path / "a.txt", WARNING)
    write(tmp_path / "b.txt", ERROR)
    code, out, _ = run(capsys, "report", ".", "--format", "html")
    assert code == 1
    document = parse_html(out.encode())
    figures = list(document.iter("figure"))
    assert [f.get("id") for f in figures] == [
        "paragraphs_per_document",
        "headlines_per_document",
        "paragraph_length",
        "headline_length",
    ]
    assert all(f.find("{http://www.w3.org/2000/svg}svg") is not None for f in figures)
    totals = {dd.get("id"): dd.text for dd in document.iter("dd")}
    assert totals["total-files"] == "2"
    assert totals["total-with-errors"] == "1"
    table = next(t for t in document.iter("table") if t.get("id") == "rules-table")
    assert "data-sortable" in table.attrib
    links = {a.text: a.get("href") for a in table.iter("a")}
    assert links["ND214"].endswith("docs/rules.md#nd214-bidi-control")


# --- JSON ----------------------------------------------------------------------------------


def test_json_matches_its_schema_and_the_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--format json validates against `newsdoc schema report` and has the text's numbers."""
    shutil.copytree(REPORT / "corpus", tmp_path / "corpus")
    code, out, _ = run(capsys, "report", "corpus", "missing.txt", "-o", "r.json", "-q")
    assert code == 2
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert list(schema_check.validator("report").iter_errors(data)) == []
    assert data["totals"] == {
        "files": 7,
        "checked": 6,
        "unreadable": 1,
        "valid": 4,
        "with_errors": 2,
        "with_warnings": 2,
        "clean": 2,
        "parsed": 5,
        "errors": 3,
        "warnings": 3,
        "hidden_by_baseline": 0,
        "bytes": sum(p.stat().st_size for p in (tmp_path / "corpus").rglob("*.txt")),
    }
    assert data["unreadable"] == [{"path": "missing.txt", "error": "no such file or folder"}]
    assert [f["path"] for f in data["worst_files"]][:2] == [
        "corpus/errors.txt",
        "corpus/broken.txt",
    ]
    first = data["worst_files"][0]["findings"][0]
    assert first["excerpt"]["text"][first["excerpt"]["start"] : first["excerpt"]["end"]] == "\u202e"
    histogram = data["distributions"]["paragraphs_per_document"]
    assert (histogram["count"], histogram["min"], histogram["max"]) == (5, 1, 12)
    assert sum(b["count"] for b in histogram["bins"]) == 5
    assert run(capsys, "schema")[1].splitlines().count("report") == 1
    code, out, _ = run(capsys, "schema", "report")
    assert json.loads(out)["properties"]["schema"]["const"] == "newsdoc/report/1"


def test_json_of_invalid_utf8_is_valid_utf8(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Undecodable bytes reach the JSON as U+FFFD, never as lone surrogates."""
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 cr\xe8me.\n\n\nHeadline\n")
    code, out, _ = run(capsys, "report", "bad.txt", "--format", "json")
    assert code == 1
    excerpt = json.loads(out)["worst_files"][0]["findings"][0]["excerpt"]
    assert excerpt["text"] == "Caf\ufffd cr\ufffdme."
    out.encode("utf-8")


# --- options, inputs and exit codes --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first"),
    [("r.html", b"<!DOCTYPE html>"), ("r.json", b"{"), ("r.txt", b"Totals"), ("r", b"<!DOCTYPE")],
)
def test_format_follows_the_output_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, first: bytes
) -> None:
    """-o FILE picks the format from its name: .json JSON, .txt text, anything else HTML."""
    write(tmp_path / "a.txt", CLEAN)
    assert run(capsys, "report", "a.txt", "-o", f"out/{name}", "-q") == (0, "", "")
    assert (tmp_path / "out" / name).read_bytes().startswith(first)


def test_output_problems_are_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """-o on a folder, or where a file cannot be written, is exit 2 with a message naming it."""
    write(tmp_path / "a.txt", CLEAN)
    (tmp_path / "folder").mkdir()
    assert run(capsys, "report", "a.txt", "-o", "folder") == (
        2,
        "",
        "newsdoc: folder: is a folder; -o takes a file\n",
    )
    code, out, err = run(capsys, "report", "a.txt", "-o", "a.txt/r.html")
    assert (code, out) == (2, "")
    assert err.startswith("newsdoc: a.txt/r.html: cannot write report: ")


def test_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A bad selector, a missing baseline or a bad number is exit 2, named, with no output."""
    write(tmp_path / "a.txt", CLEAN)
    code, out, err = run(capsys, "report", "--select", "ND999", "a.txt")
    assert (code, out) == (2, "")
    assert err == "newsdoc: --select: unknown rule code, prefix or name 'ND999'\n"
    assert run(capsys, "report", "--baseline", "none.json", "a.txt") == (
        2,
        "",
        "newsdoc: none.json: no such baseline file\n",
    )
    assert run(capsys, "report", "--worst", "-1", "a.txt")[0] == 2
    assert run(capsys, "report", "--jobs", "0", "a.txt")[0] == 2


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' reads standard input, named by --stdin-filename in the report."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ERROR.encode())))
    code, out, _ = run(capsys, "report", "--stdin-filename", "in.txt", "--format", "json")
    assert code == 1
    assert json.loads(out)["worst_files"][0]["path"] == "in.txt"


def test_color(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--color always colours the text report's headings and severities; never does not."""
    write(tmp_path / "a.txt", ERROR)
    out = run(capsys, "report", "a.txt", "--color", "always")[1]
    assert "\x1b[1mTotals\x1b[0m" in out
    assert "\x1b[1;31merror\x1b[0m" in out
    assert "\x1b[" not in run(capsys, "report", "a.txt", "--color", "never")[1]


def test_terminal_names_cannot_inject_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file name with an escape sequence or a bidi override is printed with visible escapes."""
    write(tmp_path / "evil\x1b[31m\u202e.txt", ERROR)
    out = run(capsys, "report", ".")[1]
    assert "\x1b" not in out and "\u202e" not in out
    assert "evil\\x1b[31m\\u202e.txt" in out


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Always: this stream plays a terminal."""
        return True


def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, stderr counts the files checked and unreadable; --no-progress stops it."""
    import newsdoc.io.progress as progress_module

    monkeypatch.setattr(progress_module, "_INTERVAL", 0.0)
    write(tmp_path / "a.txt", CLEAN)
    for flags, shown in (((), True), (("--no-progress",), False)):
        stream = Terminal()
        monkeypatch.setattr(sys, "stderr", stream)
        assert main(["report", "a.txt", "missing.txt", "-o", "r.json", "-q", *flags]) == 2
        assert "newsdoc: missing.txt: no such file or folder\n" in stream.getvalue()
        assert ("1 checked, 1 unreadable" in stream.getvalue()) is shown


# --- parallel and streaming --------------------------------------------------------------


def test_jobs_give_the_same_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 writes byte for byte the text, JSON and HTML that --jobs 1 writes."""
    texts = [CLEAN, WARNING, ERROR, "No separator here.\n", CLEAN.replace("\n", "\r\n")]
    for index in range(300):
        write(tmp_path / "corpus" / f"d{index // 50}" / f"f{index:03}.txt", texts[index % 5])
    write(tmp_path / "corpus" / "big.txt", CLEAN * 50)
    used: list[int] = []
    real = pool._parallel

    def parallel(*args: Any) -> Any:
        used.append(args[3])
        return real(*args)

    monkeypatch.setattr(pool, "_parallel", parallel)
    results = []
    for jobs in ("1", "2"):
        outputs = []
        for form in ("text", "json", "html"):
            args = ["report", "corpus", "missing.txt", "--max-bytes", "1K", "--format", form]
            outputs.append(run(capsys, *args, "-j", jobs))
        results.append(outputs)
    assert used == [2, 2, 2]
    assert results[0] == results[1]
    assert results[0][0][0] == 2
    assert json.loads(results[0][1][1])["totals"]["unreadable"] == 2


def test_survey_streams_with_bounded_lookahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read only a bounded window ahead of the records yielded: memory stays flat."""
    settings = Settings(Config())
    for jobs in (1, 2):
        taken = 0

        def endless() -> Iterator[Source]:
            nonlocal taken
            while True:
                taken += 1
                yield Source(SEED, str(SEED), SEED.name)

        records = survey(endless(), settings, jobs, chunk=2, parallel_min=4)
        for count in range(1, 41):
            record = next(records)
            assert record.warnings == 2
            # At most the window of chunks in flight (and the one being built) is read ahead.
            assert taken <= count + (4 * jobs + 2) * 2 + 4
        records.close()  # type: ignore[attr-defined]


def test_a_spawned_worker_gives_the_same_records() -> None:
    """A fresh (spawned) worker process, given the settings once, checks like this process."""
    settings = Settings(Config(), keep=5)
    task = [Source(SEED, "seed.txt", "seed.txt"), Source(Path("missing"), "missing", "missing")]
    expected = [survey_module.survey_file(settings, source) for source in task]
    got = pool._retry(survey_module._survey, settings, task, None, "spawn")
    assert got == expected
    assert isinstance(got[0], FileRecord) and isinstance(got[1], FileRecord)
    assert got[0].warnings == 2 and got[1].error == "cannot read: No such file or directory"


def test_check_stays_light() -> None:
    """`newsdoc check` on a valid file imports none of the report's machinery."""
    code = (
        "import sys; from newsdoc.cli.main import main;"
        f"assert main(['check', {str(SEED)!r}]) == 0;"
        "heavy = ['newsdoc.corpus.stats', 'newsdoc.corpus.survey', 'newsdoc.io.pool', 'newsdoc.corpus.html',"
        " 'newsdoc.corpus.text', 'html', 'multiprocessing'];"
        "print('heavy:', [m for m in heavy if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.splitlines()[-1] == "heavy: []"


# --- the documentation ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["newsdoc report seeds/", "newsdoc check --statistics seeds/"])
def test_docs_show_the_real_output(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/report.md shows exactly what its example commands print."""
    page = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", page, re.S)
    (block,) = [b for b in blocks if b.startswith(f"$ {command}\n")]
    monkeypatch.chdir(ROOT)
    main(shlex.split(command)[1:])
    assert capsys.readouterr().out == block.split("\n", 1)[1]
