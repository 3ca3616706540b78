"""Compressed dumps (gzip, bzip2, xz, zstd) read by every command, and binary inputs named once."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

import newsdoc
from tests.cli_helpers import CLEAN, WARNING, run, write
from tests.conftest import DATA

pytestmark = pytest.mark.usefixtures("plain_environment")

COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": zstandard.ZstdCompressor().compress,
}
DECOMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.decompress,
    ".bz2": bz2.decompress,
    ".xz": lzma.decompress,
    ".zst": lambda data: zstandard.ZstdDecompressor().decompress(data),
}


def compressed(path: Path, text: str, suffix: str) -> Path:
    """Write ``text`` compressed to ``path`` + ``suffix``."""
    target = path.with_name(path.name + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(COMPRESSORS[suffix](text.encode("utf-8")))
    return target


@pytest.mark.parametrize("suffix", list(COMPRESSORS))
def test_check_reads_a_compressed_dump_and_names_it(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check decompresses by the first bytes and reports with the compressed file's name."""
    path = compressed(tmp_path / "a.txt", WARNING, suffix)
    code, out, err = run(capsys, "check", "--output-format", "concise", "-q", path.name)
    assert (code, err) == (0, "")
    assert (
        out == f"a.txt{suffix}:1:33: ND101 [warning] trailing whitespace: a space after the text\n"
    )


def test_folders_find_compressed_dumps_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder search takes *.txt, *.txt.gz, .bz2, .xz and .zst; not *.gz of other files."""
    for suffix in COMPRESSORS:
        compressed(tmp_path / "corpus" / f"d{suffix[1:]}.txt", CLEAN, suffix)
    compressed(tmp_path / "corpus" / "notes.md", "# notes", ".gz")
    write(tmp_path / "corpus" / "plain.txt", CLEAN)
    code, out, _ = run(capsys, "check", "--output-format", "json", "corpus")
    assert code == 0
    names = sorted(f["path"] for f in json.loads(out)["files"])
    assert names == sorted([f"corpus/d{s[1:]}.txt{s}" for s in COMPRESSORS] + ["corpus/plain.txt"])


def test_convert_and_report_read_compressed_dumps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Convert gives the document of a .txt.gz with its name as source; report counts it."""
    path = compressed(tmp_path / "a.txt", CLEAN, ".gz")
    code, out, err = run(capsys, "convert", path.name, "--to", "jsonl")
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["source"] == "a.txt.gz" and rows[0]["body"] == [CLEAN.split("\n")[0]]
    code, out, _ = run(capsys, "report", "--format", "json", "a.txt.gz")
    assert code == 0
    assert json.loads(out)["totals"]["files"] == 1


def test_compressed_json_lines_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON Lines compressed with gzip or zstd are read a line at a time, by their name's kind."""
    document = newsdoc.to_dict(newsdoc.loads(CLEAN))
    line = json.dumps(document) + "\n"
    for suffix in (".gz", ".zst"):
        path = compressed(tmp_path / "docs.jsonl", line * 3, suffix)
        code, out, err = run(capsys, "convert", path.name, "--to", "jsonl")
        assert (code, err) == (0, "")
        assert [json.loads(row)["body"] for row in out.splitlines()] == [document["body"]] * 3


@pytest.mark.parametrize("suffix", list(COMPRESSORS))
def test_format_writes_back_in_the_same_compression(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Format rewrites a compressed dump in its compression, canonical, with no temporary left."""
    path = compressed(tmp_path / "a.txt", "  A body.\r\n\nHeadline\n", suffix)
    code, out, err = run(capsys, "format", path.name)
    assert (code, out, err) == (0, "1 file reformatted, 0 files already canonical\n", "")
    assert DECOMPRESSORS[suffix](path.read_bytes()) == b"A body.\n\n\nHeadline\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert run(capsys, "format", "--check", path.name)[0] == 0


def test_check_fix_writes_back_compressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check --fix writes a fixed .txt.gz back as gzip."""
    path = compressed(tmp_path / "a.txt", WARNING, ".gz")
    code, _, _ = run(capsys, "check", "--fix", "-q", path.name)
    assert code == 0
    assert gzip.decompress(path.read_bytes()) == CLEAN.encode()


def test_size_limit_applies_once_decompressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A small .gz that decompresses past --max-bytes is refused without reading it all; the run goes on."""
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))
    write(tmp_path / "ok.txt", CLEAN)
    code, _, err = run(capsys, "check", "-q", "--max-bytes", "1M", "bomb.txt.gz", "ok.txt")
    assert code == 2
    assert err == (
        "newsdoc: bomb.txt.gz: larger than the limit of 1,048,576 bytes once decompressed; "
        "skipped (raise it with --max-bytes, or 0 for no limit)\n"
    )


def test_damaged_compressed_file_is_one_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated gzip file gives one ND001 naming the compression and the damage (exit 1)."""
    data = gzip.compress(CLEAN.encode() * 50)
    (tmp_path / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    code, out, err = run(capsys, "check", "-q", "--output-format", "concise", "cut.txt.gz")
    assert (code, err) == (1, "")
    assert out == (
        "cut.txt.gz:1:1: ND001 [error] the file is not a news dump: it is gzip-compressed data "
        "(by its first bytes) that does not decompress, damaged or truncated (Compressed "
        "file ended before the end-of-stream marker was reached)\n"
    )


BINARIES = {
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
    "table.parquet": (b"PAR1\x15\x04\x15\x10\x15\x14L", "a Parquet file"),
    "bundle.txt": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a Zip archive"),
    "tool.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(8), "an ELF executable"),
    "packed.txt": (b"7z\xbc\xaf\x27\x1c\x00\x04", "a 7-Zip archive"),
    "db.txt": (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
}


def test_binary_inputs_get_one_finding_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each binary file is one ND001 naming its format, not character errors; the run goes on."""
    for name, (data, _) in BINARIES.items():
        (tmp_path / name).write_bytes(data + bytes(range(256)))
    write(tmp_path / "ok.txt", WARNING)
    code, out, err = run(capsys, "check", "--output-format", "concise", *BINARIES, "ok.txt")
    assert (code, err) == (1, "")
    assert out.splitlines()[: len(BINARIES)] == [
        f"{name}:1:1: ND001 [error] the file is not a news dump: it is {label} (by its first bytes)"
        for name, (_, label) in BINARIES.items()
    ]
    assert out.splitlines()[len(BINARIES)].startswith("ok.txt:1:33: ND101 [warning] ")


def test_every_command_names_binary_input_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """convert, format and report give the same one message for a PDF; parse() says it too."""
    data = BINARIES["report.pdf"][0] + bytes(range(256))
    (tmp_path / "report.pdf").write_bytes(data)
    message = "the file is not a news dump: it is a PDF document (by its first bytes)"
    code, out, err = run(capsys, "convert", "report.pdf", "--to", "jsonl")
    assert (code, out, err) == (1, "", f"newsdoc: report.pdf:1:1: ND001 {message}\n")
    code, _, err = run(capsys, "format", "-q", "report.pdf")
    assert (code, err) == (1, f"newsdoc: report.pdf:1:1: ND001 {message} (not formatted)\n")
    code, out, _ = run(capsys, "report", "--format", "json", "report.pdf")
    totals = json.loads(out)["totals"]
    assert code == 1 and (totals["errors"], totals["warnings"]) == (1, 0)
    assert [e.msg for e in newsdoc.parse(data).errors] == [message]
    intact = newsdoc.parse(gzip.compress(CLEAN.encode())).errors
    assert [e.msg for e in intact] == [
        "the file is not a news dump: it is gzip-compressed data (by its first bytes); "
        "decompress it"
    ]


def test_a_tar_archive_or_compressed_pdf_not_named_so_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tar archive named *.txt and a gzip of a PDF are named by what their bytes are."""
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo("a.txt")
        info.size = len(CLEAN)
        tar.addfile(info, io.BytesIO(CLEAN.encode()))
    (tmp_path / "corpus.txt").write_bytes(buffer.getvalue())
    (tmp_path / "paper.txt.gz").write_bytes(gzip.compress(b"%PDF-1.4\n" + bytes(100)))
    code, out, _ = run(
        capsys, "check", "-q", "--output-format", "concise", "corpus.txt", "paper.txt.gz"
    )
    assert code == 1
    assert out.splitlines() == [
        "corpus.txt:1:1: ND001 [error] the file is not a news dump: it is a tar archive (by its first bytes)",
        "paper.txt.gz:1:1: ND001 [error] the file is not a news dump: it is a PDF document (by its first bytes)",
    ]


@pytest.mark.parametrize("name", ["utf16_be", "utf16_le_bom", "utf32_le"])
def test_wide_encodings_are_one_finding_through_check(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check on UTF-16 or UTF-32 says the one thing parse() says: one ND001, no NUL errors."""
    path = DATA / "invalid" / f"{name}.txt"
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["errors"]
    code, out, _ = run(capsys, "check", "--output-format", "json", str(path))
    assert code == 1
    found = json.loads(out)["diagnostics"]
    assert [(d["code"], d["message"]) for d in found] == [
        (e["code"], e["message"]) for e in expected
    ]
    parsed = newsdoc.parse(path.read_bytes()).errors
    assert [e.msg for e in parsed] == [e["message"] for e in expected]


def test_zstd_without_zstandard_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the zstandard package a .zst file is one error naming the extra to install."""
    import sys

    compressed(tmp_path / "a.txt", CLEAN, ".zst")
    monkeypatch.setitem(sys.modules, "zstandard", None)
    code, _, err = run(capsys, "check", "a.txt.zst")
    assert code == 2
    assert err.splitlines()[0] == (
        "newsdoc: a.txt.zst: zstd-compressed; reading it needs zstandard: "
        "pip install 'newsdoc[zstd]'"
    )


def test_compressed_standard_input_comes_out_compressed(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Format - and check --fix - decompress standard input and compress what they write."""
    import io
    import sys

    from newsdoc.cli.main import main

    for argv in (["format", "-"], ["check", "--fix", "-q", "-"]):
        stdin = io.TextIOWrapper(io.BytesIO(gzip.compress(WARNING.encode())))
        monkeypatch.setattr(sys, "stdin", stdin)
        assert main(argv) == 0
        assert gzip.decompress(capsysbinary.readouterr().out) == CLEAN.encode()
