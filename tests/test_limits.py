"""Memory bounded by the input: shared source lines, and at most N findings of a rule per file."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import newsdoc
from newsdoc.model.diagnostic import DEFAULT_LIMIT

from .cli_helpers import run

pytestmark = pytest.mark.usefixtures("plain_environment")


def test_the_errors_of_one_line_share_its_text() -> None:
    """80,000 control characters on one line: one copy of the line, not one per error."""
    result = newsdoc.parse("a" + "\x01" * 80_000 + "\n\nb\n")
    assert len(result.errors) == DEFAULT_LIMIT + 1
    assert len({id(error.source_line) for error in result.errors}) == 1
    assert result.errors[0].source_line == "a" + "\ufffd" * 80_000
    again = pickle.loads(pickle.dumps(list(result.errors)))
    assert [e.source_line for e in again] == [e.source_line for e in result.errors]


def test_parse_lists_a_thousand_errors_of_a_code_then_one_that_counts_the_rest() -> None:
    """The 1,001st control character is where the summary stands; it counts the 79,000 left out."""
    result = newsdoc.parse("a" + "\x01" * 80_000 + "\n\nb\n")
    listed, last = result.errors[:-1], result.errors[-1]
    assert {e.code for e in listed} == {"ND002"}
    assert [e.column for e in listed] == list(range(2, 1002))
    assert (last.code, last.line, last.column) == ("ND002", 1, 1002)
    assert last.msg == (
        "79000 more findings of ND002 in this file not listed "
        "(only the first 1000 of each rule are: see max-findings-per-rule)"
    )
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads("a" + "\x01" * 80_000 + "\n\nb\n")
    assert raised.value == listed[0]


def test_undecodable_bytes_past_the_limit_are_counted_by_runs() -> None:
    """Runs of bad bytes are one finding each; past the limit they are counted, not listed."""
    data = b"Body" + b"\xff\xfe x " * 3000 + b"\n\nHead\n"
    errors = newsdoc.parse(data).errors
    assert [e.code for e in errors] == ["ND001"] * (DEFAULT_LIMIT + 1)
    assert errors[-1].msg.startswith("2000 more findings of ND001")


def test_validate_limits_every_rule_and_the_configuration_sets_the_limit() -> None:
    """Trailing spaces on 5,000 headlines: 10 listed with a limit of 10, then one for 4,990 more."""
    text = "Body.\n\n" + "".join(f"Headline {n} \n" for n in range(5000))
    config = newsdoc.Config.from_mapping({"max-findings-per-rule": 10, "select": ["ND101"]})
    found = newsdoc.validate(text, config)
    assert [d.code for d in found] == ["ND101"] * 11
    assert found[-1].omitted == 4990 and found[-1].fix is None
    assert (found[-1].line, found[-1].column) == (13, 12)  # the 11th: 'Headline 10 '
    assert found[-1].message.startswith("4990 more findings of ND101")
    unlimited = newsdoc.Config.from_mapping({"max-findings-per-rule": 0, "select": ["ND101"]})
    assert len(newsdoc.validate(text, unlimited)) == 5000
    default = newsdoc.validate(text, newsdoc.Config.from_mapping({"select": ["ND101"]}))
    assert len(default) == DEFAULT_LIMIT + 1 and default[-1].omitted == 4000


def test_fix_applies_every_fix_but_lists_what_remains_within_the_limit() -> None:
    """The fixer needs every fix, so it is not limited; what remains is listed as validate lists it."""
    text = "Body.\n\n" + "".join(f"Headline {n} \n" for n in range(3000))
    result = newsdoc.fix(text)
    assert result.converged and "Headline 2999\n" in result.text and " \n" not in result.text
    assert sum(d.code == "ND101" for d in result.fixed) == 3000


def test_a_bad_limit_is_a_configuration_error() -> None:
    """max-findings-per-rule must be a whole number from 0."""
    for bad in (-1, "10", 2.5, True):
        with pytest.raises(newsdoc.ConfigError, match="max-findings-per-rule"):
            newsdoc.Config.from_mapping({"max-findings-per-rule": bad})


def test_check_counts_every_finding_in_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary line, the JSON's counts per file and the exit code count the findings left out too."""
    path = tmp_path / "many.txt"
    path.write_text("Body.\n\n" + "".join(f"Headline {n} \n" for n in range(30)))
    limit = ("--select", "ND101", "--max-findings-per-rule", "5")
    code, out, _ = run(capsys, "check", *limit, "--output-format", "concise", str(path))
    assert code == 0  # warnings
    assert out.count(": ND101 ") == 6
    assert "25 more findings of ND101" in out
    code, out, _ = run(capsys, "check", *limit, str(path))
    assert "Found 30 warnings in 1 file of 1 checked." in out
    _, out, _ = run(capsys, "check", *limit, "--output-format", "json", str(path))
    data = json.loads(out)
    assert data["summary"]["warnings"] == 30
    assert [(f["errors"], f["warnings"]) for f in data["files"]] == [(0, 30)]


HOSTILE = textwrap.dedent(
    """
    import resource, sys
    limit = int(sys.argv[1]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from newsdoc.cli.main import main
    sys.exit(main(["check", "--output-format", "concise", sys.argv[2]]))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS as on Linux")
def test_check_reports_a_50_mb_hostile_file_within_768_mb_of_address_space(
    tmp_path: Path,
) -> None:
    """One line of 50 million control characters, checked with the address space limited.

    Each error used to copy the line (50 MB times the errors); now the errors
    share it and 1,000 are listed: a normal report, exit 1, no MemoryError.
    """
    path = tmp_path / "hostile.txt"
    path.write_bytes(b"a" + b"\x01" * (50 * 1024 * 1024) + b"\n\nb\n")
    done = subprocess.run(
        [sys.executable, "-c", HOSTILE, "768", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert sum(": ND002 [error] control character U+0001 (SOH)" in line for line in lines) == (
        DEFAULT_LIMIT
    )
    summary = f"{path}:1:1002: ND002 [error] 52427800 more findings of ND002 in this file"
    assert sum(line.startswith(summary) for line in lines) == 1
    assert len(lines) == DEFAULT_LIMIT + 2  # and ND107 on line 2
    assert done.stderr == ""
