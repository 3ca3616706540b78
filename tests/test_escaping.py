"""Output that cannot be turned against the terminal or the CI log: every format, hostile names and text."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdoc.model.chars import UNPRINTABLE, charset, escape, escape_json, escape_xml
from newsdoc.model.diagnostic import Diagnostic, Edit, Fix
from newsdoc.output.formats import FORMATS, render
from newsdoc.output.results import FileReport, RunReport
from newsdoc.output.terminal import STREAMED, render_file

from .cli_helpers import WARNING, run

pytestmark = pytest.mark.usefixtures("plain_environment")

BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Raw in no output: C0 controls but LF, DEL, C1 controls, bidi controls, line and
# paragraph separators, and lone surrogates.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(BIDI)) + "]"
)
COMMAND = re.compile(r"^(?:::|##\[)", re.MULTILINE)
COLOURS = re.compile(r"\x1b\[(?:1;3[134]|1|2|0)m")

DANGEROUS = st.sampled_from(
    [
        "\x1b",
        "\x1b]0;pwned\x07",
        "\x07",
        "\r",
        "\n",
        "\r\n",
        "::",
        "::error::pwned",
        "##[",
        "%0A",
        "%",
        ":",
        ",",
        "\u202e",
        "\u2066",
        "\x85",
        "\x9b",
        "\u2028",
        "\udcff",
        "\t",
        "\x00",
        "\x7f",
        "&",
        "<",
        '"',
        "]]>",
    ]
)
ANY = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())
HOSTILE = st.lists(st.one_of(DANGEROUS, st.text(ANY, max_size=4)), max_size=8).map("".join)


def _report(name: str, text: str, error: str | None) -> RunReport:
    fix = Fix((Edit(0, 1, text, line=1, column=1, end_line=1, end_column=2),), "unsafe", text)
    found = (
        Diagnostic("ND101", "warning", f"trailing {text}", 1, 1, 1, 2, fix, source_line=text),
        Diagnostic("ND214", "error", text, 2, 3, 4, 5, None, source_line=text + "x"),
    )
    files = (FileReport(name, found), FileReport(name + text, error=error or text))
    return RunReport(files)


def _check_output(output: str, format_name: str) -> None:
    bare = COLOURS.sub("", output)
    assert FORBIDDEN.search(bare) is None, (format_name, FORBIDDEN.search(bare))
    commands = COMMAND.findall(bare)
    if format_name != "github":
        assert commands == [], format_name
        return
    for line in bare.splitlines():
        assert re.fullmatch(
            r"::(?:error|warning) title=ND\d{3} [a-z-]+,file=[^:,]*,line=\d+,col=\d+,"
            r"endLine=\d+,endColumn=\d+::[^\n]*",
            line,
        ), line


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=HOSTILE, text=HOSTILE, error=st.one_of(st.none(), HOSTILE))
def test_no_format_prints_a_raw_control_a_bidi_control_or_a_workflow_command(
    name: str, text: str, error: str | None
) -> None:
    """File names and texts from all of Unicode, through every output format.

    No output holds a raw C0 (but LF) or C1 control, DEL, a bidi control, a
    line separator or a lone surrogate; only the github format starts lines
    with "::", each one a single well-formed command; the machine formats
    keep the exact name in their own escaping.
    """
    report = _report(name, text, error)
    for format_name in FORMATS:
        for color in (False, True):
            output = render(format_name, report, color=color)
            _check_output(output, format_name)
        if format_name in ("json", "gitlab"):
            data = json.loads(output)
            paths = (
                [f["path"] for f in data["files"]]
                if format_name == "json"
                else [i["location"]["path"] for i in data]
            )
            assert name in paths or Path(name).as_posix() in paths
        if format_name == "junit" and not re.search(
            "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", name + text
        ):
            tree = ElementTree.fromstring(output)
            cases = tree.findall(".//testcase")
            assert cases[0].get("name") == name
    for format_name in STREAMED:
        for file in report.files:
            _check_output(render_file(format_name, file, strict=False, color=True), format_name)


@given(HOSTILE)
def test_escape_leaves_nothing_unprintable_and_plain_text_alone(text: str) -> None:
    """escape() writes every unprintable character as an escape; text without one is unchanged."""
    shown = escape(text)
    assert FORBIDDEN.search(shown) is None
    assert not shown.startswith((":", "##["))
    if not charset(UNPRINTABLE).intersection(text) and not text.startswith((":", "##[")):
        assert shown is text


@given(HOSTILE)
def test_escape_json_keeps_the_data(text: str) -> None:
    """escape_json() only rewrites characters inside strings, as u-escapes: the data is the same."""
    document = json.dumps({"k": text, "l": [text]}, ensure_ascii=False)
    safe = escape_json(document)
    assert FORBIDDEN.search(safe) is None
    assert json.loads(safe) == {"k": text, "l": [text]}


def test_junit_attributes_escape_line_breaks() -> None:
    """In an XML attribute CR and LF are character references (a parser would make them spaces)."""
    assert escape_xml("a\r\nb\tc", attribute=True) == "a&#13;&#10;b&#9;c"
    assert escape_xml("a\r\nb", attribute=False) == "a\r\nb"
    assert escape_xml("\u202e\x01") == "&#x202e;\\u0001"


HOSTILE_NAMES = [
    "esc\x1b[2J\x1b]0;pwned\x07.txt",
    "::error file=x::pwned.txt",
    "line\nbreak::warning::x.txt",
    "bidi\u202etxt.exe.txt",
    "c1\x9b31m.txt",
]


@pytest.mark.parametrize("output", [*sorted(FORMATS), "statistics"])
def test_hostile_file_names_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    """Real files with hostile names, checked in every format: stdout and stderr stay clean."""
    monkeypatch.chdir(tmp_path)
    for name in HOSTILE_NAMES:
        Path(name).write_text(WARNING)
    options = ["--statistics"] if output == "statistics" else ["--output-format", output]
    code, out, err = run(capsys, "check", *options, *HOSTILE_NAMES, "missing\x1b[31m.txt")
    assert code == 2
    _check_output(out, output)
    _check_output(err, "stderr")
    assert "missing\\x1b[31m.txt" in err
