"""Input discovery and reading: every file-system oddity is reported, none stops the run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsdoc.cli.main import main
from newsdoc.config.settings import Config
from newsdoc.io.finder import Source, iter_sources
from newsdoc.io.paths import InputError, read_bytes

GOOD = b"A paragraph.\n\n\nA headline\n"


def _found(paths: list[str]) -> list[str]:
    """What the one finder gives for ``paths``, with the default configuration."""
    return [
        str(s.path) if isinstance(s, Source) else f"error: {s}"
        for s in iter_sources(paths, Config(root=Path.cwd()))
    ]


def test_folder_is_searched_sorted_for_txt(tmp_path: Path) -> None:
    """Folders are searched recursively for *.txt in sorted order; other files are ignored."""
    for name in ["b.txt", "a.txt", "sub/c.txt", "notes.md"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(GOOD)
    assert _found([str(tmp_path)]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.txt"),
    ]


def test_explicit_file_is_taken_whatever_its_name(tmp_path: Path) -> None:
    """A file named on the command line is used even without the .txt suffix."""
    (tmp_path / "dump.news").write_bytes(GOOD)
    assert _found([str(tmp_path / "dump.news")]) == [str(tmp_path / "dump.news")]


def test_missing_and_broken_links(tmp_path: Path) -> None:
    """Missing paths and broken symbolic links are errors that name them."""
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert _found([str(tmp_path / "missing.txt"), str(tmp_path / "dangling.txt")]) == [
        f"error: {tmp_path / 'missing.txt'}: no such file or folder",
        f"error: {tmp_path / 'dangling.txt'}: broken symbolic link to {tmp_path / 'nowhere.txt'}",
    ]
    assert _found([str(tmp_path)]) == [
        f"error: {tmp_path / 'dangling.txt'}: broken symbolic link to {tmp_path / 'nowhere.txt'}"
    ]


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    """A link loop named explicitly is an error; links to folders inside a tree are not followed."""
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert _found([str(tmp_path / "a.txt")]) == [f"error: {tmp_path / 'a.txt'}: symbolic link loop"]
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "doc.txt").write_bytes(GOOD)
    (tree / "up").symlink_to(tree)  # a loop back to the top
    assert _found([str(tree)]) == [str(tree / "doc.txt")]


def test_fifo_and_device_are_skipped(tmp_path: Path) -> None:
    """A FIFO or a device is skipped with a note instead of blocking or reading forever."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _found([str(fifo)]) == [f"error: {fifo}: a FIFO, not a file; skipped"]
    assert _found([str(tmp_path)]) == [f"error: {fifo}: a FIFO, not a file; skipped"]
    assert _found(["/dev/zero"]) == ["error: /dev/zero: a device, not a file; skipped"]
    with pytest.raises(InputError, match="a FIFO, not a file"):
        read_bytes(fifo)


def test_non_utf8_file_name(tmp_path: Path) -> None:
    """A file name that is not UTF-8 is reported with its bytes escaped."""
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(GOOD)
    assert _found([str(tmp_path)]) == [
        f"error: {tmp_path}/caf\\xe9.txt: the file name is not valid UTF-8; skipped"
    ]


def test_unlistable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed is an error; its siblings are still searched."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "x.txt").write_bytes(GOOD)
    real = os.scandir

    def scandir(path: str) -> object:
        if Path(path).name == "locked":  # as root, chmod would not stop the listing
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _found([str(tmp_path)]) == [
        f"error: {tmp_path / 'locked'}: cannot list folder: Permission denied",
        str(tmp_path / "open" / "x.txt"),
    ]


def test_size_limit(tmp_path: Path) -> None:
    """Files over the limit are refused without reading them whole; None means no limit."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, max_bytes=100) == b"x" * 100
    with pytest.raises(InputError) as raised:
        read_bytes(path, max_bytes=99)
    assert str(raised.value) == (
        f"{path}: larger than the limit of 99 bytes; skipped (raise it with --max-bytes, or 0 for no limit)"
    )
    assert len(read_bytes(path, max_bytes=None)) == 100


def test_check_reports_every_bad_path_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` exits 2 for file-system problems, names each one, and still checks the good files."""
    (tmp_path / "good.txt").write_bytes(GOOD)
    (tmp_path / "bad.txt").write_bytes(b"No separator after this body.\n")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / os.fsdecode(b"\xff.txt")).write_bytes(GOOD)
    code = main(["check", "--output-format", "concise", "--quiet", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert (
        out
        == f"{tmp_path / 'bad.txt'}:1:30: ND004 [error] the body is not followed by a blank line and a headline list\n"
    )
    assert err.splitlines() == [
        f"newsdoc: {tmp_path / 'dangling.txt'}: broken symbolic link to {tmp_path / 'gone'}",
        f"newsdoc: {tmp_path / 'fifo.txt'}: a FIFO, not a file; skipped",
        f"newsdoc: {tmp_path}/\\xff.txt: the file name is not valid UTF-8; skipped",
    ]


def test_max_bytes_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--max-bytes takes sizes with units; a file over it is exit 2, named; 0 lifts the limit."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"P\n\nH\n" + b" " * 2048)
    assert main(["check", "--max-bytes", "1K", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"newsdoc: {path}: larger than the limit of 1,024 bytes; skipped "
        "(raise it with --max-bytes, or 0 for no limit)\n"
        "newsdoc: 1 could not be read; no file checked\n"
    )
    assert main(["check", "--max-bytes", "0", str(path)]) == 0
    assert main(["format", "--check", "--max-bytes", "3KiB", str(path)]) == 1
    assert main(["check", "--max-bytes", "lots", str(path)]) == 2
    assert "not a size: 'lots'" in capsys.readouterr().err
