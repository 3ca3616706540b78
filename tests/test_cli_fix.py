"""``newsdoc check --fix``, ``--unsafe-fixes`` and ``--diff`` end to end."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsdoc.cli.main import main
from tests.cli_helpers import CLEAN, run, write
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.usefixtures("plain_environment")

MESSY = "\ufeffThe council approved the budget.  \r\n\r\nCouncil Approves Budget\r\n\r\n"
# ND207 (mixed quotes, opt-in) gives QUOTES its unsafe fix: the tests using it select ND207.
QUOTES = '“Yes,” she said. "No," he said. “Maybe.”\n\n\nThey Talk\n'
BROKEN = "A body line, then a space. \nAnd no headline list.\n"
SCHEMA = json.loads(
    (ROOT / "src" / "newsdoc" / "schemas" / "diagnostics.schema.json").read_text(encoding="utf-8")
)


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# --- --fix ----------------------------------------------------------------------------------


def test_fix_writes_safe_fixes_and_reports_what_remains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Safe fixes are written; unsafe ones and unparseable files are reported, not touched."""
    messy = write(tmp_path / "messy.txt", MESSY)
    quotes = write(tmp_path / "quotes.txt", QUOTES)
    broken = write(tmp_path / "broken.txt", BROKEN)
    clean = write(tmp_path / "clean.txt", CLEAN)
    code, out, err = run(
        capsys, "check", "--extend-select", "ND207", "--fix", "--output-format", "concise", "."
    )
    assert code == 1  # the broken file's error remains
    assert read(messy) == CLEAN
    assert read(quotes) == QUOTES
    assert read(broken) == BROKEN
    assert read(clean) == CLEAN
    assert out == (
        "broken.txt:1:27: ND101 [warning] trailing whitespace: a space after the text\n"
        "broken.txt:2:22: ND004 [error] the body is not followed by a blank line and a headline list\n"
        "quotes.txt:1:18: ND207 [warning] the file mixes quote styles (4 curly, 2 straight; it "
        'mostly uses curly quotes): this straight double quote (") is the first of 2 straight ones\n'
        "Fixed 5 problems in 1 file.\n"
    )
    assert err == "newsdoc: broken.txt: not fixed: it does not parse (ND004 at line 2, column 22)\n"


def test_fix_summary_and_exit_code_follow_what_remains(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With --strict, warnings fail a check; after --fix only what remains counts (0 when all fixed)."""
    write(tmp_path / "a.txt", MESSY)
    assert run(capsys, "check", "--strict", "-q", "a.txt")[0] == 1
    code, out, err = run(capsys, "check", "--strict", "--fix", "a.txt")
    assert (code, out, err) == (
        0,
        "Fixed 5 problems in 1 file.\nNo problems found in 1 file.\n",
        "",
    )
    # A second --fix finds nothing to do and changes nothing.
    assert run(capsys, "check", "--strict", "--fix", "a.txt") == (
        0,
        "No problems fixed.\nNo problems found in 1 file.\n",
        "",
    )
    assert read(tmp_path / "a.txt") == CLEAN


def test_unsafe_fixes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Unsafe fixes wait for --unsafe-fixes, and the summary says so."""
    path = write(tmp_path / "q.txt", QUOTES)
    code, out, _ = run(capsys, "check", "--extend-select", "ND207", "--fix", "q.txt")
    assert code == 0
    assert out.endswith(
        "No problems fixed.\nFound 1 warning in 1 file of 1 checked.\n"
        "1 more fixable with --unsafe-fixes.\n"
    )
    assert read(path) == QUOTES
    code, out, _ = run(
        capsys, "check", "--extend-select", "ND207", "--fix", "--unsafe-fixes", "q.txt"
    )
    assert (code, out) == (0, "Fixed 1 problem in 1 file.\nNo problems found in 1 file.\n")
    assert read(path) == "“Yes,” she said. “No,” he said. “Maybe.”\n\n\nThey Talk\n"


def test_check_without_fix_counts_the_fixable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A plain check ends by saying how many problems --fix (and --unsafe-fixes) would fix."""
    write(tmp_path / "a.txt", MESSY)
    write(tmp_path / "q.txt", QUOTES)
    out = run(capsys, "check", "--extend-select", "ND207", ".")[1]
    assert out.endswith(
        "Found 6 warnings in 2 files of 2 checked.\n"
        "5 fixable with --fix (1 more with --fix --unsafe-fixes).\n"
    )


def test_refused_fix_is_explained(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A fix that would blank a line is not applied; stderr says why, and the problem stays."""
    path = write(tmp_path / "a.txt", "Body.\n\u200b\nMore.\n\n\nHead\n")
    code, out, err = run(
        capsys,
        "check",
        "--select",
        "ND211",
        "--fix",
        "--unsafe-fixes",
        "--output-format",
        "concise",
        "a.txt",
    )
    assert code == 0
    assert out == (
        "a.txt:2:1: ND211 [warning] invisible character U+200B ZERO WIDTH SPACE\n"
        "No problems fixed.\n"
    )
    assert err == (
        "newsdoc: a.txt:2:1: ND211 not fixed: the fix would break the dump (a paragraph or "
        "headline would be lost or split, or it would not parse)\n"
    )
    assert read(path) == "Body.\n\u200b\nMore.\n\n\nHead\n"


def test_fix_keeps_the_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A fixed file keeps its permission bits."""
    path = write(tmp_path / "a.txt", MESSY)
    path.chmod(0o640)
    assert run(capsys, "check", "--fix", "a.txt")[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert read(path) == CLEAN


class _HalfWriter:
    """A file that writes one byte, then fails as a full disk does."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def write(self, data: bytes) -> int:
        self.file.write(data[:1])
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_failed_write_leaves_the_original_intact(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """A failure at any step of the write leaves the file as it was and no temporary file; exit 2.

    The report then shows the file's problems as they are on disk, and the
    other files are still fixed.
    """
    first = write(tmp_path / "a.txt", MESSY)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        real = os.fdopen

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            file = real(fd, mode, *args, **kwargs)
            return _HalfWriter(file) if "w" in mode else file

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, step, fail)
    code, out, err = run(capsys, "check", "--fix", "--output-format", "concise", "a.txt")
    assert code == 2
    assert err == "newsdoc: a.txt: cannot write: No space left on device\n"
    assert first.read_bytes() == MESSY.encode()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (
        out.splitlines()[0]
        == "a.txt:1:1: ND106 [warning] the file starts with a byte order mark (U+FEFF)"
    )


def test_fix_writes_through_a_link_inside_the_tree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A link to a file inside the folder being fixed stays a link; its target is fixed."""
    real = write(tmp_path / "corpus" / "real.txt", MESSY)
    (tmp_path / "corpus" / "link.txt").symlink_to(real)
    assert run(capsys, "check", "--fix", "-q", "corpus")[0] == 0
    assert (tmp_path / "corpus" / "link.txt").is_symlink()
    assert read(real) == CLEAN


def test_fix_does_not_follow_a_link_out_of_the_tree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A link in the corpus to a file outside it is not written through: exit 2, file untouched."""
    outside = write(tmp_path / "outside.txt", MESSY)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(outside)
    code, _, err = run(capsys, "check", "--fix", "-q", "corpus")
    assert code == 2
    assert err == (
        f"newsdoc: corpus/link.txt: cannot write: it is a symbolic link to {outside}, "
        f"outside {corpus}; not followed (write the target itself if you mean to)\n"
    )
    assert read(outside) == MESSY
    assert (corpus / "link.txt").is_symlink()


# --- standard input -----------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_fix_stdin_writes_the_fixed_text_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`check --fix -`: the fixed text on stdout, the report of what remains on stderr."""
    _stdin(monkeypatch, MESSY.encode())
    assert main(["check", "--fix", "-", "--stdin-filename", "in.txt"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == CLEAN.encode()
    assert err.decode().endswith("Fixed 5 problems in 1 file.\nNo problems found in 1 file.\n")


def test_fix_stdin_passes_unparseable_text_through(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Standard input that does not parse goes to stdout unchanged; its errors to stderr; exit 1."""
    _stdin(monkeypatch, BROKEN.encode())
    assert main(["check", "--fix", "--output-format", "concise", "-"]) == 1
    out, err = capsysbinary.readouterr()
    assert out == BROKEN.encode()
    assert err.decode().splitlines() == [
        "newsdoc: -: not fixed: it does not parse (ND004 at line 2, column 22)",
        "-:1:27: ND101 [warning] trailing whitespace: a space after the text",
        "-:2:22: ND004 [error] the body is not followed by a blank line and a headline list",
        "No problems fixed.",
    ]
    _stdin(monkeypatch, b"Body \xff\n\n\nHead\n")
    assert main(["check", "--fix", "-q", "-"]) == 1
    assert capsysbinary.readouterr().out == b"Body \xff\n\n\nHead\n"


# --- --diff ---------------------------------------------------------------------------------


def test_diff_shows_the_fixes_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--diff prints a unified diff per file that would change, exits 1, and changes nothing."""
    path = write(tmp_path / "a.txt", "Body. \n\nHead")
    write(tmp_path / "clean.txt", CLEAN)
    code, out, err = run(capsys, "check", "--diff", ".")
    assert code == 1
    assert out == (
        "--- a.txt\n+++ a.txt (fixed)\n@@ -1,3 +1,4 @@\n"
        "-Body. \n+Body.\n \n-Head\n\\ No newline at end of file\n+\n+Head\n"
    )
    assert err == "Would fix 3 problems in 1 file.\n"
    assert read(path) == "Body. \n\nHead"
    assert run(capsys, "check", "--diff", "clean.txt") == (
        0,
        "",
        "Would fix 0 problems in 0 files.\n",
    )


def test_diff_with_unsafe_fixes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--diff --unsafe-fixes shows the unsafe fixes too."""
    write(tmp_path / "q.txt", QUOTES)
    assert run(capsys, "check", "--extend-select", "ND207", "--diff", "q.txt")[0] == 0
    code, out, _ = run(
        capsys, "check", "--extend-select", "ND207", "--diff", "--unsafe-fixes", "q.txt"
    )
    assert code == 1
    assert "+“Yes,” she said. “No,” he said. “Maybe.”\n" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--diff", "--report", "json:r.json"],
            "--diff shows the fixes only; it cannot be used with --report",
        ),
        (
            ["--diff", "--write-baseline", "b.json"],
            "--diff shows the fixes only; it cannot be used with --write-baseline",
        ),
        (
            ["--diff", "--statistics"],
            "--diff shows the fixes only; it cannot be used with --statistics",
        ),
        (["--unsafe-fixes"], "--unsafe-fixes needs --fix or --diff"),
    ],
)
def test_fix_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    """Options that cannot go together are a usage error (exit 2) before any file is touched."""
    path = write(tmp_path / "a.txt", MESSY)
    assert run(capsys, "check", *argv, "a.txt") == (2, "", f"newsdoc: {message}\n")
    assert read(path) == MESSY


# --- composition --------------------------------------------------------------------------


def test_fix_follows_select_ignore_and_configuration(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only the rules that run are fixed: --select, --ignore, the configuration, per-file ignores."""
    text = "Body. \r\n\r\n\r\nHead\r\n"
    a = write(tmp_path / "a.txt", text)
    assert run(capsys, "check", "--fix", "--select", "ND101", "a.txt")[0] == 0
    assert read(a) == "Body.\r\n\r\n\r\nHead\r\n"
    write(a, text)
    assert run(capsys, "check", "--fix", "--ignore", "ND101", "a.txt")[0] == 0
    assert read(a) == "Body. \n\n\nHead\n"
    write(tmp_path / "newsdoc.toml", 'ignore = ["ND104"]\n[per-file-ignores]\n"raw/*" = ["ALL"]\n')
    write(a, text)
    raw = write(tmp_path / "raw" / "b.txt", text)
    assert run(capsys, "check", "--fix", ".")[0] == 0
    assert read(a) == "Body.\r\n\r\n\r\nHead\r\n"
    assert read(raw) == text


def test_fix_leaves_baselined_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Findings the baseline hides are not fixed; new ones are; --write-baseline records what remains."""
    path = write(tmp_path / "a.txt", "Old body. \n\n\nHead\n")
    assert run(capsys, "check", "--write-baseline", "base.json", "a.txt")[0] == 0
    write(path, "Old body. \n\n\nHead \n")
    code, out, _ = run(capsys, "check", "--baseline", "base.json", "--fix", "a.txt")
    assert code == 0
    assert read(path) == "Old body. \n\n\nHead\n"
    assert out == (
        "Fixed 1 problem in 1 file.\n"
        "No problems found in 1 file (1 finding hidden by the baseline).\n"
    )
    write(path, "Old body. \n\n\nHead \n")
    assert run(capsys, "check", "--fix", "--write-baseline", "new.json", "a.txt")[0] == 0
    assert read(path) == "Old body.\n\n\nHead\n"
    assert json.loads(read(tmp_path / "new.json"))["findings"] == []


@pytest.mark.parametrize("output", ["json", "sarif", "github", "junit", "gitlab", "concise"])
def test_fix_with_every_output_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    """Every format reports what remains after fixing; JSON also counts what was fixed."""
    write(tmp_path / "a.txt", MESSY)
    write(tmp_path / "q.txt", QUOTES)
    code, out, err = run(
        capsys, "check", "--extend-select", "ND207", "--fix", "--output-format", output, "."
    )
    assert (code, err) == (0, "")
    found = out
    if output == "sarif":  # the rules are all listed; the results are what was found
        found = json.dumps(json.loads(out)["runs"][0]["results"])
    assert "ND101" not in found and "ND106" not in found
    assert "ND207" in found
    if output == "json":
        data = json.loads(out)
        jsonschema.Draft202012Validator(SCHEMA).validate(data)
        assert data["summary"]["fixed"] == 5
        assert [(f["path"], f["fixed"], f["warnings"]) for f in data["files"]] == [
            ("a.txt", 5, 0),
            ("q.txt", 0, 1),
        ]


def test_sample_fix_matches_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """On the sample, check --fix writes exactly what format writes (its pinned canonical form)."""
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    assert run(capsys, "check", "--fix", "-q", str(path))[0] == 0
    canonical = ROOT / "tests" / "data" / "format" / f"{SEED.stem}.canonical.txt"
    assert path.read_bytes() == canonical.read_bytes()
