"""The command line: exit codes, output streams, messages that name files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdoc.cli.main import main
from tests.conftest import SEED


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside GitHub Actions, whatever runs the tests."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_check_sample_has_only_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample has no error (exit 0), and its two true warnings are printed.

    (Its one straight apostrophe among curly ones is reported by ND207, opt-in.)
    """
    code, out, err = run(capsys, "check", "--output-format", "concise", str(SEED.parent))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{SEED}:23:110: ND101 [warning] trailing whitespace: a space after the text",
        f"{SEED}:24:1: ND109 [warning] 3 blank lines after the headline list",
    ]


def test_check_reports_every_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Problems go to stdout as path:line:col: CODE message with concise output, exit 1."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"P\x00.\n\n\nH\n\nX\n")
    code, out, err = run(capsys, "check", "--output-format", "concise", str(bad), str(SEED))
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{bad}:1:2: ND002 [error] control character U+0000 (NUL) is not allowed",
        f"{bad}:6:1: ND006 [error] a document has one separator: this text follows a second run "
        "of blank lines after the headline list",
    ]
    assert err == ""


def test_check_missing_file_and_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing path is exit 2, named on stderr; the other files are still checked."""
    bad = tmp_path / "bad.txt"
    bad.write_text("only body.\n")
    code, out, err = run(
        capsys, "check", "--output-format", "concise", str(tmp_path / "missing.txt"), str(bad)
    )
    assert code == 2
    assert err == f"newsdoc: {tmp_path / 'missing.txt'}: no such file or folder\n"
    assert out.startswith(f"{bad}:1:11: ND004 [error] ")


def test_check_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that cannot be read is exit 2 with its name, and the next file is still checked."""
    locked = tmp_path / "locked.txt"
    locked.write_text("P\n\nH\n")
    other = tmp_path / "other.txt"
    other.write_text("body only.\n")
    real = os.open

    def fake_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == locked:  # as root, chmod 0 would not stop the read
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    code, out, err = run(capsys, "check", "--output-format", "concise", str(locked), str(other))
    assert code == 2
    assert err == f"newsdoc: {locked}: cannot read: Permission denied\n"
    assert out.startswith(f"{other}:1:11: ND004")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Bad usage is exit 2 with argparse's message on stderr."""
    code, out, err = run(capsys, "check", "--output-format", "nope")
    assert code == 2 and out == "" and "invalid choice: 'nope'" in err
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err


def test_convert_sample_to_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Convert --to json prints the schema version and the texts as plain strings."""
    code, out, err = run(capsys, "convert", str(SEED), "--to", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["schema", "body", "headlines"]
    assert data["schema"] == "newsdoc/document/1"
    assert len(data["body"]) == 6 and len(data["headlines"]) == 15
    assert data["headlines"][-1].endswith("for Youth")


def test_convert_bad_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not parse is reported on stderr with its position; exit 1."""
    bad = tmp_path / "bad.txt"
    bad.write_text("body only")
    code, out, err = run(capsys, "convert", str(bad), str(SEED))
    assert code == 1
    assert (
        err
        == f"newsdoc: {bad}:1:10: ND004 the body is not followed by a blank line and a headline list\n"
    )
    assert [d["source"] for d in json.loads(out)] == [str(SEED)]


def test_version_and_module_entry_point() -> None:
    """`python -m newsdoc --version` prints the version and exits 0."""
    out = subprocess.run(
        [sys.executable, "-m", "newsdoc", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("newsdoc 0.")


def test_no_traceback_on_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception becomes a one-line message and exit 2."""
    import newsdoc.rules.engine as validate

    def boom(data: bytes, config: object = None) -> None:
        raise RuntimeError("boom\non two lines")

    monkeypatch.setattr(validate, "validate", boom)
    code, _, err = run(capsys, "check", str(SEED))
    assert code == 2
    assert err == (
        "newsdoc: internal error: RuntimeError: boom on two lines (a bug in newsdoc: please "
        "report it with the command and its input at https://github.com/newsdoc/newsdoc/issues)\n"
    )
