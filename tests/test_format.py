"""``newsdoc format``: canonical output, --check, --diff, stdin, safety of writes."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given

import newsdoc
from newsdoc.cli.format import canonical_bytes
from newsdoc.cli.main import main
from newsdoc.strategies import dump_texts
from tests.conftest import DATA, SEED
from tests.mutations import mutated_dumps

CANONICAL_SAMPLE = DATA / "format" / f"{SEED.stem}.canonical.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sample_formats_to_its_pinned_canonical_form(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The sample formats to exactly the pinned file, byte for byte; a second run changes nothing."""
    target = tmp_path / SEED.name
    target.write_bytes(SEED.read_bytes())
    assert run(capsys, "format", str(target)) == (
        0,
        "1 file reformatted, 0 files already canonical\n",
        "",
    )
    assert target.read_bytes() == CANONICAL_SAMPLE.read_bytes()
    assert run(capsys, "format", str(target))[0] == 0
    assert target.read_bytes() == CANONICAL_SAMPLE.read_bytes()


def test_check_lists_files_and_touches_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--check exits 1 and names the files that would change, leaving them as they were."""
    messy = tmp_path / "messy.txt"
    messy.write_bytes(b"P \r\n\nH")
    clean = tmp_path / "clean.txt"
    clean.write_bytes(b"P\n\n\nH\n")
    code, out, err = run(capsys, "format", "--check", str(tmp_path))
    assert code == 1
    assert out == (
        f"would reformat {messy}\n1 file would be reformatted, 1 file already canonical\n"
    )
    assert err == ""
    assert messy.read_bytes() == b"P \r\n\nH"
    assert run(capsys, "format", "--check", str(clean))[0] == 0
    assert run(capsys, "format", "--check", "-q", str(tmp_path)) == (
        1,
        f"would reformat {messy}\n",
        "",
    )


def test_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--diff prints a unified diff, exits 1, and keeps U+2028 inside its line."""
    path = tmp_path / "a.txt"
    path.write_bytes("P\u2028Q \n\nH".encode())
    code, out, _ = run(capsys, "format", "--diff", str(path))
    assert code == 1
    assert out == (
        f"--- {path}\n+++ {path} (formatted)\n@@ -1,3 +1,4 @@\n"
        "-P\u2028Q \n+P\u2028Q\n \n-H\n\\ No newline at end of file\n+\n+H\n"
    )
    assert path.read_bytes() == "P\u2028Q \n\nH".encode()


def test_broken_file_is_never_rewritten(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not parse is reported with its position and left untouched; exit 1."""
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"only a body  \r\n")
    good = tmp_path / "good.txt"
    good.write_bytes(b"P  \n\nH\n")
    code, out, err = run(capsys, "format", str(broken), str(good))
    assert (code, out) == (
        1,
        "1 file reformatted, 0 files already canonical, 1 file not formatted\n",
    )
    assert broken.read_bytes() == b"only a body  \r\n"
    assert good.read_bytes() == b"P\n\n\nH\n"
    assert err.splitlines() == [
        f"newsdoc: {broken}:1:14: ND004 the body is not followed by a blank line "
        "and a headline list (not formatted)",
    ]


def test_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`format -` reads stdin and writes the canonical form to stdout."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbfP\r\n\r\nH  ")))
    assert main(["format", "-"]) == 0
    assert capsysbinary.readouterr().out == b"P\n\n\nH\n"


def test_mode_is_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Formatting keeps the file's permission bits."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"P \n\nH\n")
    path.chmod(0o640)
    assert run(capsys, "format", str(path))[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_bytes() == b"P\n\n\nH\n"


def test_stdin_that_does_not_parse(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Unparseable stdin is passed through when writing, never with --check or --diff; exit 1."""
    for flags, out in (([], b"Body \n"), (["--check"], b""), (["--diff"], b"")):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Body \n")))
        assert main(["format", *flags, "-", "--stdin-filename", "in.txt"]) == 1
        captured = capsysbinary.readouterr()
        assert captured.out == out
        assert captured.err.decode().startswith("newsdoc: in.txt:1:6: ND004 ")


def test_stdin_check_names_the_stdin_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check on stdin names it by --stdin-filename; '-' cannot be mixed with paths."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"P \n\n\nH\n")))
    assert run(capsys, "format", "--check", "-", "--stdin-filename", "in.txt") == (
        1,
        "would reformat in.txt\n",
        "",
    )
    assert run(capsys, "format", "-", "a.txt") == (
        2,
        "",
        "newsdoc: '-' (stdin) cannot be combined with other paths\n",
    )


def test_configured_excludes_apply(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders are searched as check searches them; --force-exclude skips named files too."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsdoc.toml").write_text('extend-exclude = ["raw"]\n', encoding="utf-8")
    (tmp_path / "raw").mkdir()
    raw = tmp_path / "raw" / "a.txt"
    raw.write_bytes(b"P \n\nH\n")
    kept = tmp_path / "b.txt"
    kept.write_bytes(b"P \n\nH\n")
    assert run(capsys, "format", ".")[0] == 0
    assert raw.read_bytes() == b"P \n\nH\n"
    assert kept.read_bytes() == b"P\n\n\nH\n"
    assert run(capsys, "format", "--force-exclude", "raw/a.txt") == (
        0,
        "",
        "newsdoc: warning: no files found in raw/a.txt (include: *.txt, *.txt.gz, *.txt.bz2, *.txt.xz, *.txt.zst); no file formatted "
        "(--fail-on-empty makes this an error)\n",
    )
    assert raw.read_bytes() == b"P \n\nH\n"
    assert run(capsys, "format", "raw/a.txt")[0] == 0
    assert raw.read_bytes() == b"P\n\n\nH\n"
    code, _, err = run(capsys, "format", "--config", "missing.toml", ".")
    assert code == 2 and "missing.toml" in err


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_failed_write_leaves_original_intact(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """A failure at any step of the write leaves the original file and no temporary file; exit 2."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"P \n\nH\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        monkeypatch.setattr("newsdoc.cli.format._write", _failing_writer)
    else:
        monkeypatch.setattr(os, step, fail)
    code, _, err = run(capsys, "format", str(path))
    assert code == 2
    assert f"newsdoc: {path}: cannot write: No space left on device" in err
    assert path.read_bytes() == b"P \n\nH\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def _failing_writer(path: Path, data: bytes, tree: str | None = None, stamp: object = None) -> None:
    from newsdoc.io.files import atomic_write

    with atomic_write(path) as file:
        file.write(data[:1])
        raise OSError(28, "No space left on device")


@given(dump_texts())
def test_formatting_is_idempotent_and_keeps_content(text: str) -> None:
    """format(format(x)) == format(x), and the parsed texts never change."""
    once = canonical_bytes(text.encode())
    assert isinstance(once, bytes)
    assert canonical_bytes(once) == once
    assert newsdoc.loads(once) == newsdoc.loads(text)


@given(mutated_dumps())
def test_mutated_dumps_format_or_are_refused(text: str) -> None:
    """A mutated dump formats idempotently, keeping its texts; one that does not parse is refused."""
    data = text.encode("utf-8")
    once = canonical_bytes(data)
    parsed = newsdoc.parse(data)
    if not parsed.ok:
        assert once == list(parsed.errors)
        return
    assert isinstance(once, bytes)
    assert canonical_bytes(once) == once
    assert newsdoc.loads(once) == parsed.document


def test_symlink_inside_the_tree_is_written_through(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A link to a file inside the folder being formatted stays a link; its target is formatted."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    real = corpus / "real.txt"
    real.write_bytes(b"P \n\nH\n")
    (corpus / "link.txt").symlink_to(real)
    assert run(capsys, "format", str(corpus))[0] == 0
    assert (corpus / "link.txt").is_symlink()
    assert real.read_bytes() == b"P\n\n\nH\n"


def test_symlink_out_of_the_tree_is_not_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A link in the corpus to a file outside it is reported (exit 2) and the outside file is untouched."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"P \n\nH\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(outside)
    code, _, err = run(capsys, "format", str(corpus))
    assert code == 2
    assert err.splitlines()[0] == (
        f"newsdoc: {corpus / 'link.txt'}: cannot write: it is a symbolic link to {outside}, "
        f"outside {corpus}; not followed (write the target itself if you mean to)"
    )
    assert outside.read_bytes() == b"P \n\nH\n"
    assert (corpus / "link.txt").is_symlink()
