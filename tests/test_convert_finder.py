"""``newsdoc convert`` finds its inputs with check's finder: the same files, options and configuration."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import newsdoc
from tests import schema_check
from tests.cli_helpers import CLEAN, run, write
from tests.conftest import SEED

pytestmark = pytest.mark.usefixtures("plain_environment")

DOC = newsdoc.to_dict(newsdoc.load(SEED))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project: dumps to convert, and dumps in folders and names that check skips."""
    for name in [
        "corpus/a.txt",
        "corpus/sub/b.txt",
        "corpus/.git/objects/c.txt",
        "corpus/.venv/lib/d.txt",
        "corpus/node_modules/pkg/e.txt",
        "corpus/build/f.txt",
        "corpus/raw/g.txt",
        "corpus/UPPER.TXT",
        "corpus/notes.md",
    ]:
        write(tmp_path / name, CLEAN)
    return tmp_path


def _sources(out: str) -> list[str]:
    return [document["source"] for document in schema_check.documents(out, "jsonl")]


def _checked(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """The files check reads for ``argv``, in its order: the paths of its JSON report."""
    code, out, _ = run(capsys, "check", "--output-format", "json", *argv)
    assert code == 0
    return [file["path"] for file in json.loads(out)["files"]]


def test_convert_dir_skips_what_check_dir_skips(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder search of convert skips the excluded folders and matches include as check does.

    .git, .venv, node_modules and build are not entered, and *.txt does not
    match UPPER.TXT (convert took all of them before).
    """
    code, out, err = run(capsys, "convert", "corpus", "--to", "jsonl")
    assert (code, err) == (0, "")
    assert _sources(out) == ["corpus/a.txt", "corpus/raw/g.txt", "corpus/sub/b.txt"]
    assert _checked(capsys, "corpus") == _sources(out)


def test_convert_reads_the_files_check_reads(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever the options, convert converts exactly the files check checks."""
    for options in (
        [],
        ["--extend-exclude", "raw"],
        ["--exclude", "sub"],
        ["--include", "*.TXT", "--include", "*.txt"],
        ["--isolated"],
    ):
        code, out, _ = run(capsys, "convert", "corpus", "--to", "jsonl", *options)
        assert code == 0
        assert _sources(out) == _checked(capsys, "corpus", *options), options


def test_convert_takes_the_file_options(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--include, --exclude, --extend-exclude and --force-exclude work on convert as on check."""
    convert = ("convert", "--to", "jsonl")
    _, out, _ = run(capsys, *convert, "corpus", "--extend-exclude", "raw")
    assert _sources(out) == ["corpus/a.txt", "corpus/sub/b.txt"]
    _, out, _ = run(capsys, *convert, "corpus", "--exclude", "sub")
    assert _sources(out) == [
        "corpus/.git/objects/c.txt",
        "corpus/.venv/lib/d.txt",
        "corpus/a.txt",
        "corpus/build/f.txt",
        "corpus/node_modules/pkg/e.txt",
        "corpus/raw/g.txt",
    ]
    _, out, _ = run(capsys, *convert, "corpus", "--include", "*.TXT")
    assert _sources(out) == ["corpus/UPPER.TXT"]
    # A file named on the command line is converted even when excluded, unless --force-exclude.
    _, out, _ = run(capsys, *convert, "corpus/build/f.txt", "corpus/UPPER.TXT")
    assert _sources(out) == ["corpus/build/f.txt", "corpus/UPPER.TXT"]
    _, out, _ = run(capsys, *convert, "corpus/build/f.txt", "corpus/a.txt", "--force-exclude")
    assert _sources(out) == ["corpus/a.txt"]
    # A quoted glob's matches skip the excluded files, as check's do.
    _, out, _ = run(capsys, *convert, "corpus/**/*.txt")
    assert _sources(out) == ["corpus/a.txt", "corpus/raw/g.txt", "corpus/sub/b.txt"]


def test_convert_reads_the_configuration(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Convert follows the discovered configuration's globs, --config FILE's, or none with --isolated."""
    (tree / "newsdoc.toml").write_text('extend-exclude = ["raw"]\n', encoding="utf-8")
    other = tree / "other.toml"
    other.write_text('include = ["*.md"]\n', encoding="utf-8")
    convert = ("convert", "corpus", "--to", "jsonl")
    _, out, _ = run(capsys, *convert)
    assert _sources(out) == ["corpus/a.txt", "corpus/sub/b.txt"]
    _, out, _ = run(capsys, *convert, "--isolated")
    assert _sources(out) == ["corpus/a.txt", "corpus/raw/g.txt", "corpus/sub/b.txt"]
    code, out, err = run(capsys, *convert, "--config", str(other))
    assert (code, err) == (0, "")
    assert _sources(out) == ["corpus/notes.md"]
    code, _, err = run(capsys, *convert, "--config", str(other), "--isolated")
    assert (code, err) == (2, "newsdoc: --isolated and --config cannot be used together\n")
    (tree / "newsdoc.toml").write_text("no-such-key = 1\n", encoding="utf-8")
    code, out, err = run(capsys, *convert)
    assert (code, out) == (2, "")
    assert "no-such-key" in err


def test_json_kinds_search_folders_for_their_suffixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from json searches folders for *.json, --from jsonl for *.jsonl and *.ndjson; --include wins."""
    write(tmp_path / "data" / "one.json", json.dumps({**DOC, "source": "one.txt"}))
    write(tmp_path / "data" / "two.jsonl", json.dumps({**DOC, "source": "two.txt"}) + "\n")
    write(tmp_path / "data" / "three.ndjson", json.dumps({**DOC, "source": "three.txt"}) + "\n")
    write(tmp_path / "data" / ".venv" / "four.json", json.dumps({**DOC, "source": "four.txt"}))
    write(tmp_path / "data" / "dump.txt", CLEAN)

    def converted(*options: str) -> list[str]:
        code, out, err = run(capsys, "convert", "data", "--to", "jsonl", *options)
        assert (code, err) == (0, "")
        return _sources(out)

    assert converted("--from", "json") == ["one.txt"]
    assert converted("--from", "jsonl") == ["three.txt", "two.txt"]
    assert converted("--from", "jsonl", "--include", "*.ndjson") == ["three.txt"]
    assert converted() == ["data/dump.txt"]
    assert converted("--from", "json", "--exclude", "nothing") == ["four.txt", "one.txt"]


def test_convert_gives_each_file_once_as_check_does(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder named twice, once by a relative and once by an absolute path, is converted once."""
    code, out, _ = run(capsys, "convert", "corpus/sub", str(tree / "corpus"), "--to", "jsonl")
    assert code == 0
    assert _sources(out) == [
        "corpus/sub/b.txt",
        f"{(tree / 'corpus' / 'a.txt').as_posix()}",
        f"{(tree / 'corpus' / 'raw' / 'g.txt').as_posix()}",
    ]


def test_stdin_filename_names_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--stdin-filename names stdin in messages and as the source; with --from auto it gives the kind."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CLEAN.encode())))
    code, out, err = run(capsys, "convert", "-", "--to", "jsonl", "--stdin-filename", "in/a.txt")
    assert (code, err) == (0, "")
    assert _sources(out) == ["in/a.txt"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"body only\n")))
    code, out, err = run(capsys, "convert", "-", "--stdin-filename", "bad.txt")
    assert (code, out) == (1, "")
    assert err.startswith("newsdoc: bad.txt:1:10: ND004 ")
    line = json.dumps({**DOC, "source": "x.txt"}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((line * 2).encode())))
    code, out, err = run(capsys, "convert", "-", "--to", "jsonl", "--stdin-filename", "d.jsonl")
    assert (code, err) == (0, "")
    assert _sources(out) == ["x.txt", "x.txt"]


def test_max_bytes_on_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--max-bytes skips (and reports) larger inputs of convert too; 0 lifts the limit."""
    big = write(tmp_path / "big.txt", CLEAN + " " * 2048)
    code, out, err = run(capsys, "convert", str(big), "--max-bytes", "1K", "--to", "jsonl")
    assert (code, out) == (2, "")
    assert err == (
        f"newsdoc: {big}: larger than the limit of 1,024 bytes; skipped "
        "(raise it with --max-bytes, or 0 for no limit)\n"
        "newsdoc: 1 could not be read; no file converted\n"
    )


def test_a_named_file_is_named_as_check_names_it(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Convert names a file given as ./corpus/a.txt as check does: corpus/a.txt, in messages and source."""
    _, out, _ = run(capsys, "convert", "./corpus/a.txt", "--to", "jsonl")
    assert _sources(out) == ["corpus/a.txt"] == _checked(capsys, "./corpus/a.txt")
    write(tree / "corpus" / "bad.txt", "body only\n")
    code, _, err = run(capsys, "convert", "./corpus/bad.txt")
    assert (code, err) == (1, "newsdoc: corpus/bad.txt:1:10: ND004 " + err.split(" ND004 ", 1)[1])
    _, out, _ = run(capsys, "check", "--output-format", "concise", "./corpus/bad.txt")
    assert any(line.startswith("corpus/bad.txt:1:10: ND004 ") for line in out.splitlines())


def test_the_output_is_skipped_by_folder_and_glob_searches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o's file is not read back when a folder or a glob finds it; named explicitly, it is read."""
    write(tmp_path / "data" / "in.jsonl", json.dumps({**DOC, "source": "in.txt"}) + "\n")
    out = tmp_path / "data" / "all.jsonl"
    for paths in (["data"], ["data/*.jsonl"], ["data/**"]):
        for _ in range(2):
            code, _, err = run(
                capsys, "convert", *paths, "--from", "jsonl", "--to", "jsonl", "-o", str(out)
            )
            assert (code, err) == (0, "")
            assert _sources(out.read_text(encoding="utf-8")) == ["in.txt"], paths
    code, _, _ = run(
        capsys, "convert", "data/in.jsonl", str(out), "--to", "jsonl", "-o", "data/both.jsonl"
    )
    assert code == 0
    assert _sources((tmp_path / "data" / "both.jsonl").read_text(encoding="utf-8")) == [
        "in.txt",
        "in.txt",
    ]
