"""Honest results: what a run says when paths are missing or empty, severity, fixes, usage, colour."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import CLEAN, ERROR, WARNING, run, write

pytestmark = pytest.mark.usefixtures("plain_environment")

NOT_FOUND = "newsdoc: nope.txt: no such file or folder\n"


@pytest.mark.parametrize(
    ("argv", "done"),
    [
        (["check"], "checked"),
        (["check", "--output-format", "concise"], "checked"),
        (["check", "--fix"], "checked"),
        (["format"], "formatted"),
        (["format", "--check"], "formatted"),
        (["convert"], "converted"),
        (["convert", "--to", "jsonl"], "converted"),
        (["report"], "read"),
    ],
)
def test_a_missing_path_is_said_and_nothing_looks_like_a_result(
    capsys: pytest.CaptureFixture[str], argv: list[str], done: str
) -> None:
    """A path that names nothing: exit 2, nothing on stdout, and "1 path not found" said."""
    code, out, err = run(capsys, *argv, "nope.txt")
    assert (code, out) == (2, "")
    assert err == f"{NOT_FOUND}newsdoc: 1 path not found; no file {done}\n"


def test_an_unmatched_glob_is_a_path_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    """A quoted glob that matches nothing is counted as a path not found, not as unreadable."""
    code, out, err = run(capsys, "check", "corpus/*.txt", "nope.txt")
    assert (code, out) == (2, "")
    assert err == (
        "newsdoc: corpus/*.txt: no files match\n"
        f"{NOT_FOUND}"
        "newsdoc: 2 paths not found; no file checked\n"
    )


def test_missing_paths_beside_checked_files_are_in_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When some files were checked, the summary counts what was not found apart."""
    write(tmp_path / "a.txt", CLEAN)
    code, out, err = run(capsys, "check", "a.txt", "nope.txt")
    assert code == 2
    assert out == "No problems found in 1 file (1 path not found).\n"
    assert err == NOT_FOUND
    code, out, _ = run(capsys, "format", "--check", "a.txt", "nope.txt")
    assert code == 2
    assert out == "0 files would be reformatted, 1 file already canonical (1 path not found)\n"


def test_a_path_that_cannot_be_read_is_not_a_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file too large to read: no summary of zero files; what happened is said."""
    write(tmp_path / "big.txt", CLEAN)
    code, out, err = run(capsys, "check", "--max-bytes", "4", "big.txt")
    assert (code, out) == (2, "")
    assert err.endswith("newsdoc: 1 could not be read; no file checked\n")


def test_convert_writes_no_empty_array_for_missing_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``convert nope.txt`` prints no ``[]``, and ``-o`` leaves no file behind."""
    code, out, _ = run(capsys, "convert", "nope.txt", "gone.json")
    assert (code, out) == (2, "")
    code, out, _ = run(capsys, "convert", "nope.txt", "-o", "out.json")
    assert (code, out) == (2, "")
    assert not (tmp_path / "out.json").exists()


EMPTY = (
    "newsdoc: warning: no files found in empty (include: *.txt, *.txt.gz, *.txt.bz2, *.txt.xz, *.txt.zst); no file {done} "
    "(--fail-on-empty makes this an error)\n"
)


@pytest.mark.parametrize(
    ("argv", "done", "out"),
    [
        (["check"], "checked", ""),
        (["check", "--output-format", "json"], "checked", None),
        (["format"], "formatted", ""),
        (["convert"], "converted", "[]\n"),
        (["report", "--format", "json"], "read", None),
    ],
)
def test_a_folder_with_no_dumps_warns(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    done: str,
    out: str | None,
) -> None:
    """An empty search warns (exit 0) as ruff does; --fail-on-empty makes it exit 2."""
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.md", "not a dump\n")
    code, printed, err = run(capsys, *argv, "empty")
    assert code == 0
    assert err == EMPTY.format(done=done)
    if out is not None:
        assert printed == out
    code, printed, err = run(capsys, *argv, "--fail-on-empty", "empty")
    assert code == 2
    assert (
        err
        == f"newsdoc: error: no files found in empty (include: *.txt, *.txt.gz, *.txt.bz2, *.txt.xz, *.txt.zst); no file {done}\n"
    )


def test_failing_on_an_empty_search_is_configurable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``fail-on-empty = true`` in the configuration fails; --no-fail-on-empty overrides it."""
    write(tmp_path / "pyproject.toml", "[tool.newsdoc]\nfail-on-empty = true\n")
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "check", "empty")
    assert code == 2 and "error: no files found in empty" in err
    code, _, err = run(capsys, "check", "--no-fail-on-empty", "empty")
    assert code == 0 and "warning: no files found in empty" in err


def test_the_concise_format_shows_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each concise line says whether it is an error or a warning; coloured when asked."""
    write(tmp_path / "e.txt", ERROR)
    write(tmp_path / "w.txt", WARNING)
    code, out, _ = run(capsys, "check", "--output-format", "concise", ".")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("e.txt:1:15: ND214 [error] bidirectional control character")
    assert lines[-1] == "w.txt:1:33: ND101 [warning] trailing whitespace: a space after the text"
    code, out, _ = run(capsys, "check", "--output-format", "concise", "--color", "always", ".")
    assert out.splitlines()[-1] == (
        "\x1b[1mw.txt\x1b[0m:1:33: \x1b[1;33mND101 [warning]\x1b[0m "
        "trailing whitespace: a space after the text"
    )
    assert "\x1b[1;31mND214 [error]\x1b[0m" in out


def test_fix_in_the_concise_format_says_what_it_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fix --output-format concise ends with the fixed line (none with -q)."""
    write(tmp_path / "w.txt", WARNING)
    write(tmp_path / "e.txt", ERROR)
    code, out, _ = run(capsys, "check", "--fix", "--output-format", "concise", "w.txt")
    assert (code, out) == (0, "Fixed 1 problem in 1 file.\n")
    code, out, _ = run(capsys, "check", "--fix", "--output-format", "concise", "-q", "e.txt")
    assert "Fixed" not in out and "ND214 [error]" in out


def test_an_unknown_option_shows_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """``check --frobnicate`` shows check's usage; an unknown option before the command, the top one."""
    code, out, err = run(capsys, "check", "--frobnicate")
    assert (code, out) == (2, "")
    assert err.startswith("usage: newsdoc check ")
    assert err.endswith("newsdoc check: error: unrecognized arguments: --frobnicate\n")
    code, _, err = run(capsys, "--frobnicate", "format")
    assert code == 2
    assert err.startswith("usage: newsdoc [-h]")
    assert err.endswith("newsdoc: error: unrecognized arguments: --frobnicate\n")


def test_missing_pyarrow_is_said_before_any_input_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--to parquet without pyarrow stops before the inputs are even looked for."""
    import newsdoc.cli.options as options

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the inputs were searched")

    monkeypatch.setattr(options, "iter_sources", never)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    write(tmp_path / "a.txt", CLEAN)
    code, out, err = run(capsys, "convert", ".", "--to", "parquet", "-o", "a.parquet")
    assert (code, out) == (2, "")
    assert err == "newsdoc: --to parquet needs pyarrow: pip install 'newsdoc[parquet]'\n"


# --- the four commands alike --------------------------------------------------------


def test_every_command_reads_the_current_folder_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check, format, convert and report all take the current folder when given no path."""
    write(tmp_path / "a.txt", WARNING)
    code, out, _ = run(capsys, "check", "--output-format", "concise")
    assert (code, out) == (
        0,
        "a.txt:1:33: ND101 [warning] trailing whitespace: a space after the text\n",
    )
    code, out, _ = run(capsys, "convert", "--to", "jsonl")
    assert code == 0 and '"source":"a.txt"' in out
    code, out, _ = run(capsys, "report", "--format", "json")
    assert code == 0 and '"files": 1' in out
    code, out, err = run(capsys, "format")
    assert (code, out, err) == (0, "1 file reformatted, 0 files already canonical\n", "")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN


def test_summaries_go_to_stdout_unless_it_holds_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary line follows the results on stdout; with a diff on stdout, it goes to stderr."""
    write(tmp_path / "a.txt", WARNING)
    code, out, err = run(capsys, "format", "--check", "a.txt")
    assert (code, err) == (1, "")
    assert out == "would reformat a.txt\n1 file would be reformatted, 0 files already canonical\n"
    code, out, err = run(capsys, "format", "--diff", "a.txt")
    assert code == 1 and out.startswith("--- a.txt\n")
    assert err == "1 file would be reformatted, 0 files already canonical\n"
    code, out, err = run(capsys, "check", "--diff", "a.txt")
    assert code == 1 and out.startswith("--- a.txt\n")
    assert err == "Would fix 1 problem in 1 file.\n"


# --- colour ---------------------------------------------------------------------------


class _Terminal:
    """Stands for stdout on a terminal (isatty), recording what is written."""

    encoding = "utf-8"

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("environ", "terminal", "colored"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": ""}, False, False),
    ],
)
def test_colour_follows_the_conventions(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    terminal: bool,
    colored: bool,
) -> None:
    """NO_COLOR turns colour off, then FORCE_COLOR on, then TERM=dumb off, then a terminal decides."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    write(tmp_path / "a.txt", WARNING)
    stdout = _Terminal()
    if terminal:
        monkeypatch.setattr(sys, "stdout", stdout)
    code, out, _ = run(capsys, "check", "--output-format", "concise", "a.txt")
    printed = stdout.text if terminal else out
    assert code == 0 and printed
    assert ("\x1b[" in printed) == colored
    code, out, _ = run(capsys, "check", "--color", "never", "--output-format", "concise", "a.txt")
    printed = stdout.text[len(printed) :] if terminal else out
    assert "\x1b[" not in printed


def test_diffs_are_coloured_when_colour_is_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both format --diff and check --diff colour as git does with --color always, never otherwise."""
    write(tmp_path / "a.txt", WARNING)
    for argv in (["format", "--diff"], ["check", "--diff"]):
        _, out, _ = run(capsys, *argv, "--color", "always", "a.txt")
        assert "\x1b[31m-The council approved the budget. \x1b[0m\n" in out
        assert "\x1b[32m+The council approved the budget.\x1b[0m\n" in out
        assert out.startswith("\x1b[1m--- a.txt\x1b[0m\n")
        _, plain, _ = run(capsys, *argv, "a.txt")
        assert "\x1b[" not in plain and "-The council approved the budget. \n" in plain
