"""Archives as corpora: tar (plain, gzip, bzip2, xz, zstd) and Zip members read one by one, read-only."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import zstandard

from newsdoc.config.settings import Config
from newsdoc.io import archives
from newsdoc.io.finder import Source, iter_sources
from tests.cli_helpers import CLEAN, ERROR, WARNING, run

pytestmark = pytest.mark.usefixtures("plain_environment")

MEMBERS = {
    "news/a.txt": WARNING,
    "news/b.txt": CLEAN,
    "news/drafts/c.txt": WARNING,
    "README.md": "# not a dump\n",
    "news/d.txt": ERROR,
}


def make_tar(path: Path, members: dict[str, str], mode: Any = "w") -> Path:
    """A tar archive of ``members`` (with a folder entry and a link that are passed over)."""
    with tarfile.open(path, mode) as tar:
        folder = tarfile.TarInfo("news")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(f"./{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("news/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "a.txt"
        tar.addfile(link)
    return path


def make_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("news/", "")
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def make_tar_zst(path: Path, members: dict[str, str]) -> Path:
    plain = make_tar(path.with_suffix(".plain"), members)
    path.write_bytes(zstandard.ZstdCompressor().compress(plain.read_bytes()))
    plain.unlink()
    return path


ARCHIVES = {
    "corpus.tar": lambda p: make_tar(p, MEMBERS),
    "corpus.tar.gz": lambda p: make_tar(p, MEMBERS, "w:gz"),
    "corpus.tgz": lambda p: make_tar(p, MEMBERS, "w:gz"),
    "corpus.tar.bz2": lambda p: make_tar(p, MEMBERS, "w:bz2"),
    "corpus.tar.xz": lambda p: make_tar(p, MEMBERS, "w:xz"),
    "corpus.tar.zst": lambda p: make_tar_zst(p, MEMBERS),
    "corpus.zip": lambda p: make_zip(p, MEMBERS),
}


@pytest.mark.parametrize("name", list(ARCHIVES))
def test_members_are_checked_and_named_inside_the_archive(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each dump member is checked as archive:path; other members, folders and links are passed over."""
    ARCHIVES[name](tmp_path / name)
    code, out, err = run(capsys, "check", "--output-format", "concise", "-q", name)
    assert (code, err) == (1, "")
    named = [line.split(": ")[0].rsplit(":", 2)[0] for line in out.splitlines()]
    assert list(dict.fromkeys(named)) == [
        f"{name}:news/a.txt",
        f"{name}:news/drafts/c.txt",
        f"{name}:news/d.txt",
    ]


def test_member_names_in_every_machine_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON, SARIF and the report name a member archive:path too."""
    make_tar(tmp_path / "c.tar.gz", MEMBERS, "w:gz")
    expected = "c.tar.gz:news/a.txt"
    _, out, _ = run(capsys, "check", "--output-format", "json", "c.tar.gz")
    assert expected in {d["path"] for d in json.loads(out)["diagnostics"]}
    _, out, _ = run(capsys, "check", "--output-format", "sarif", "c.tar.gz")
    locations = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(out)["runs"][0]["results"]
    }
    assert "c.tar.gz%3Anews/a.txt" in locations  # a URI: the colon is escaped
    _, out, _ = run(capsys, "report", "--format", "json", "c.tar.gz")
    report = json.loads(out)
    assert report["totals"]["files"] == 4
    assert expected in json.dumps(report)


def test_include_and_exclude_rules_apply_to_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An archive is a folder for the globs: --extend-exclude drafts leaves out that folder of it."""
    make_tar(tmp_path / "c.tar", MEMBERS)
    code, out, _ = run(
        capsys, "check", "--output-format", "json", "--extend-exclude", "drafts", "c.tar"
    )
    assert code == 1
    assert [f["path"] for f in json.loads(out)["files"]] == [
        "c.tar:news/a.txt",
        "c.tar:news/b.txt",
        "c.tar:news/d.txt",
    ]
    _, out, _ = run(capsys, "check", "--output-format", "json", "--include", "*.md", "c.tar")
    assert [f["path"] for f in json.loads(out)["files"]] == ["c.tar:README.md"]


def test_per_file_ignores_see_the_member_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A per-file ignore glob matches a member by the archive's path, / and its path inside."""
    make_tar(tmp_path / "c.tar", {"news/a.txt": WARNING})
    (tmp_path / "newsdoc.toml").write_text('[per-file-ignores]\n"c.tar/news/*.txt" = ["ND101"]\n')
    assert run(capsys, "check", "-q", "c.tar") == (0, "", "")


def test_convert_reads_members_with_their_names_as_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Convert gives one document per dump member, in archive order, source archive:path."""
    make_zip(tmp_path / "c.zip", {**MEMBERS, "news/e.txt": "no headlines\n"})
    code, out, err = run(capsys, "convert", "c.zip", "--to", "jsonl")
    assert code == 1  # news/e.txt does not parse
    assert [json.loads(line)["source"] for line in out.splitlines()] == [
        "c.zip:news/a.txt",
        "c.zip:news/b.txt",
        "c.zip:news/drafts/c.txt",
        "c.zip:news/d.txt",
    ]
    assert err.startswith("newsdoc: c.zip:news/e.txt:1:13: ND004 ")


def test_format_refuses_archives_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Format says once that an archive is read-only (exit 2) and changes nothing; --check reads it."""
    archive = make_tar(tmp_path / "c.tar.gz", MEMBERS, "w:gz")
    before = archive.read_bytes()
    code, out, err = run(capsys, "format", "c.tar.gz")
    assert code == 2
    assert err.splitlines() == [
        "newsdoc: c.tar.gz: an archive is read-only: not formatted "
        "(format rewrites local files; --check and --diff read)",
    ]
    assert out == "0 files reformatted, 0 files already canonical, 4 files not formatted\n"
    assert archive.read_bytes() == before
    code, out, _ = run(capsys, "format", "--check", "c.tar.gz")
    assert code == 1 and "would reformat c.tar.gz:news/a.txt" in out


def test_check_fix_refuses_archives_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Check --fix reports the members' problems, says once it cannot write them, exits 2."""
    archive = make_tar(tmp_path / "c.tar", MEMBERS)
    before = archive.read_bytes()
    code, out, err = run(capsys, "check", "--fix", "--output-format", "concise", "c.tar")
    assert code == 2
    assert err == (
        "newsdoc: c.tar: an archive is read-only: not fixed "
        "(--fix writes local files only; --diff shows the fixes)\n"
    )
    assert "c.tar:news/a.txt:1:33: ND101" in out
    assert archive.read_bytes() == before


def test_bad_members_and_archives_are_errors_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A member over --max-bytes is one error; a damaged archive is one after what was read."""
    make_tar(tmp_path / "c.tar", {"big.txt": "x" * 5000 + "\n\n\nH\n", "ok.txt": CLEAN})
    data = make_tar(tmp_path / "d.tar.gz", {f"n{i}.txt": CLEAN for i in range(50)}, "w:gz")
    raw = data.read_bytes()
    data.write_bytes(raw[: len(raw) * 2 // 3])
    (tmp_path / "e.zip").write_bytes(b"PK\x03\x04 not really")
    code, out, err = run(
        capsys,
        "check",
        "--output-format",
        "json",
        "--max-bytes",
        "1000",
        "c.tar",
        "d.tar.gz",
        "e.zip",
    )
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == (
        "newsdoc: c.tar:big.txt: larger than the limit of 1,000 bytes; "
        "skipped (raise it with --max-bytes, or 0 for no limit)"
    )
    assert lines[1].startswith("newsdoc: d.tar.gz: cannot read the archive: ")
    assert lines[2].startswith("newsdoc: e.zip: not a readable Zip archive: ")
    assert len(lines) == 3
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert "c.tar:ok.txt" in paths and "d.tar.gz:n0.txt" in paths


def test_a_tar_stream_keeps_no_list_of_its_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a tar archive lets each member's header go: the TarFile's list stays short."""
    path = make_tar(tmp_path / "many.tar.gz", {f"n{i:04}.txt": CLEAN for i in range(300)}, "w:gz")
    seen: list[int] = []
    real_open = tarfile.open

    def spying_open(*args: Any, **kwargs: Any) -> Any:
        tar: Any = real_open(*args, **kwargs)
        real_next = tar.next

        def next_member() -> Any:
            seen.append(len(tar.members))
            return real_next()

        tar.next = next_member
        return tar

    monkeypatch.setattr(tarfile, "open", spying_open)
    found = list(iter_sources([str(path)], Config(root=tmp_path)))
    assert len(found) == 300 and all(isinstance(s, Source) for s in found)
    assert max(seen) <= 1
    assert archives.__name__ == "newsdoc.io.archives"


def test_an_archive_converts_to_an_array_and_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One archive is several documents: a JSON array; to text, --strip-prefix 'NAME:' drops the name."""
    make_tar(tmp_path / "c.tar.gz", {"news/a.txt": WARNING, "news/b.txt": CLEAN}, "w:gz")
    code, out, _ = run(capsys, "convert", "c.tar.gz", "--to", "json")
    assert code == 0
    assert [d["source"] for d in json.loads(out)] == ["c.tar.gz:news/a.txt", "c.tar.gz:news/b.txt"]
    code, _, err = run(
        capsys, "convert", "c.tar.gz", "--to", "text", "-o", "out/", "--strip-prefix", "c.tar.gz:"
    )
    assert (code, err) == (0, "")
    assert (tmp_path / "out" / "news" / "a.txt").read_text() == WARNING
    assert (tmp_path / "out" / "news" / "b.txt").read_text() == CLEAN


def test_a_folder_search_takes_an_archive_its_include_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With *.tar.gz among the include globs, a folder's archives give their *.txt members."""
    (tmp_path / "corpus").mkdir()
    make_tar(tmp_path / "corpus" / "c.tar.gz", {"a.txt": WARNING, "b.md": "# x\n"}, "w:gz")
    (tmp_path / "corpus" / "d.txt").write_text(CLEAN)
    code, out, _ = run(
        capsys,
        "check",
        "--output-format",
        "json",
        "--include",
        "*.txt",
        "--include",
        "*.tar.gz",
        "corpus",
    )
    assert code == 0
    assert [f["path"] for f in json.loads(out)["files"]] == [
        "corpus/c.tar.gz:a.txt",
        "corpus/d.txt",
    ]
