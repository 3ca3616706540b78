"""newsdoc.dask: the same files and documents as ``newsdoc convert``, on Dask's local schedulers.

The memory file system of fsspec lives in one process, so the schedulers
that share it (synchronous, threads) read a corpus in ``memory://``; the
multi-process scheduler reads a local folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdoc.cli.main import main
from tests import schema_check
from tests.conftest import DATA, SEED

# The dev extra (what CI installs) has newsdoc[dask,parquet]: in CI a missing one fails.
if not os.environ.get("CI"):
    pytest.importorskip("dask", reason="needs newsdoc[dask]")
    pytest.importorskip("pyarrow", reason="needs newsdoc[parquet]")
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

import newsdoc.dask

pytestmark = pytest.mark.usefixtures("plain_environment")

FILES = [
    *sorted((DATA / "valid").glob("*.txt")),
    SEED,
    *sorted((DATA / "invalid").glob("*.txt"))[:3],
]


def _corpus_files() -> dict[str, bytes]:
    found = {f"d{index % 4}/{path.name}": path.read_bytes() for index, path in enumerate(FILES)}
    found["d0/notes.md"] = b"# not a dump\n"
    found["d1/drafts/x.txt"] = b"Draft.\n\n\nDraft\n"
    return found


@pytest.fixture
def local_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, data in _corpus_files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def memory_corpus(local_corpus: Path) -> Iterator[str]:
    """The same corpus in fsspec's memory file system."""
    fs = fsspec.filesystem("memory")
    for name, data in _corpus_files().items():
        fs.pipe(f"/dask-test/corpus/{name}", data)
    yield "memory://dask-test/corpus"
    fs.rm("/dask-test", recursive=True)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["convert", "--isolated", "--no-progress", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_documents_and_problems_equal_the_command_line(
    memory_corpus: str, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """From memory://, the documents and problems are newsdoc convert's, in order, with exclude."""
    bag = newsdoc.dask.read_dumps(
        memory_corpus, exclude=["drafts"], files_per_partition=4, lossless=True
    )
    assert bag.npartitions > 2
    found = newsdoc.dask.documents(bag).compute(scheduler=scheduler)
    messages = newsdoc.dask.problems(bag).compute(scheduler=scheduler)
    code, out, err = cli(
        capsys, memory_corpus, "--exclude", "drafts", "--to", "jsonl", "--lossless"
    )
    assert code == 1
    assert found == schema_check.documents(out, "jsonl")
    assert [f"newsdoc: {m}" for m in messages] == err.splitlines()
    assert len(messages) >= 3


def test_max_bytes_and_include_apply(memory_corpus: str) -> None:
    """--max-bytes and include are the finder's: an over-limit file is a problem; .md taken on ask."""
    bag = newsdoc.dask.read_dumps(memory_corpus, max_bytes=30, include=["*.txt", "*.md"])
    messages = newsdoc.dask.problems(bag).compute(scheduler="sync")
    assert any("larger than the limit of 30 bytes" in m for m in messages)
    sources = [d["source"] for d in newsdoc.dask.documents(bag).compute(scheduler="sync")]
    assert "memory:///dask-test/corpus/d0/notes.md" not in sources  # not a dump: a problem
    assert any("d0/notes.md" in m for m in messages)


def test_parquet_parts_equal_the_command_lines_parquet(
    memory_corpus: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The parts, read in name order, hold the CLI's rows with its schema, metadata and not-nulls."""
    for flags in ((), ("--positions", "--lossless")):
        positions, lossless = "--positions" in flags, "--lossless" in flags
        bag = newsdoc.dask.read_dumps(
            memory_corpus, files_per_partition=5, positions=positions, lossless=lossless
        )
        out = f"memory://dask-test/out{len(flags)}"
        written = newsdoc.dask.to_parquet(
            bag, out, positions=positions, lossless=lossless, scheduler="sync"
        )
        assert len(written) > 2 and written == sorted(written)
        fs = fsspec.filesystem("memory")
        tables = []
        for url in written:
            with fs.open(url.removeprefix("memory://"), "rb") as stream:
                tables.append(pq.read_table(stream))
        expected = tmp_path / f"cli{len(flags)}.parquet"
        cli(capsys, memory_corpus, "--to", "parquet", *flags, "-o", str(expected))
        reference = pq.read_table(expected)
        for table in tables:
            assert table.schema.equals(reference.schema, check_metadata=True)
        assert pa.concat_tables(tables).to_pylist() == reference.to_pylist()
        assert reference.schema.metadata[b"newsdoc.schema"] == b"newsdoc/document/1"
        assert not reference.schema.field("body").nullable


def test_the_multiprocess_scheduler_reads_local_files(
    local_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Dask's process pool the workers read and parse; the result is the same as in one process."""
    monkeypatch.chdir(local_corpus.parent)
    bag = newsdoc.dask.read_dumps("corpus", files_per_partition=6)
    in_processes = newsdoc.dask.documents(bag).compute(scheduler="processes")
    assert in_processes == newsdoc.dask.documents(bag).compute(scheduler="sync")
    assert in_processes[0]["source"].startswith("corpus/d0/")
    parts = newsdoc.dask.to_parquet(bag, str(tmp_path / "parts"), scheduler="processes")
    rows: list[Any] = [row for part in parts for row in pq.read_table(part).to_pylist()]
    assert [row["source"] for row in rows] == [d["source"] for d in in_processes]


def test_archives_are_read_by_the_finder_too(tmp_path: Path) -> None:
    """An archive's members are records too, named archive:path."""
    archive = shutil.make_archive(str(tmp_path / "c"), "gztar", root_dir=DATA / "valid")
    bag = newsdoc.dask.read_dumps(archive)
    sources = [d["source"] for d in newsdoc.dask.documents(bag).compute(scheduler="sync")]
    assert sources and all(s.startswith(f"{archive}:") for s in sources)


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_corpus_findings_equal_the_command_line(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """corpus_findings on a local scheduler reports what check --select ND301,ND302,ND303 prints."""
    from tests.test_corpus import article, dump, edited

    for index in range(30):
        body = article(index % 12, 3)
        if index >= 24:
            body = edited(body, index, 0.03)
        furniture = ["Share this article."] if index % 4 == 0 else []
        (tmp_path / f"{index % 3}").mkdir(exist_ok=True)
        (tmp_path / f"{index % 3}" / f"{index:02d}.txt").write_text(dump([*body, *furniture]))
    assert (
        main(
            [
                "check",
                str(tmp_path),
                "--select",
                "ND301,ND302,ND303",
                "-q",
                "--output-format",
                "concise",
                "--exit-zero",
            ]
        )
        == 0
    )
    expected = capsys.readouterr().out.splitlines()
    found = newsdoc.dask.corpus_findings(str(tmp_path), files_per_partition=7, scheduler=scheduler)
    lines = [
        f"{name}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"
        for name, diagnostics in found
        for d in diagnostics
    ]
    assert lines == expected
    assert {line.split()[1] for line in lines} == {"ND301", "ND302", "ND303"}


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_corpus_reduction_over_many_partitions_equals_the_command_line(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over 2-file partitions, the cluster's reduction reports what check reports.

    Exact and near copies of one article (more than a band bucket holds), a folder share,
    a per-file ignore and a rule option, grouped by body, band, line hash and file.
    """
    from newsdoc.config.settings import Config
    from tests.test_corpus import article, dump, edited

    def put(name: str, body: list[str], heads: tuple[str, ...] = ("A Headline",)) -> None:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(dump(body, heads), encoding="utf-8")

    for index in range(12):  # a folder share: 6 of 12 files (50%), under min-files (7)
        extra = ["Follow us on the site."] if index % 2 else []
        put(f"site/{index:02d}.txt", [*article(200 + index, 2), *extra], (f"S{index}",))
    for index in range(12):  # near copies of one article: more than a band bucket holds
        put(f"near/{index:02d}.txt", edited(article(7), index, 0.04), (f"N{index}",))
    for index in range(8):  # exact copies, and a line in 8 files of three folders
        heads = ("Comments powered by Disqus.", f"X{index}")
        put(f"{('a', 'b', 'other')[index % 3]}/{index}.txt", article(index % 3), heads)
    config_file = tmp_path / "newsdoc.toml"
    config_file.write_text(
        'select = ["ND301", "ND302", "ND303"]\n'
        '[per-file-ignores]\n"other/*" = ["ND303"]\n'
        "[rules.ND303]\nmin-files = 7\n",
        encoding="utf-8",
    )
    argv = ["check", str(tmp_path), "--config", str(config_file), "-q", "--exit-zero"]
    assert main([*argv, "--output-format", "concise"]) == 0
    expected = capsys.readouterr().out.splitlines()
    found = newsdoc.dask.corpus_findings(
        str(tmp_path), config=Config.load(config_file), files_per_partition=2, scheduler=scheduler
    )
    lines = [
        f"{name}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"
        for name, diagnostics in found
        for d in diagnostics
    ]
    assert lines == expected
    codes = [line.split()[1] for line in lines]
    assert codes.count("ND302") >= 8 and "ND301" in codes
    assert sum("line repeated in 6 files" in line for line in lines) == 6  # the folder share
    assert not any(line.startswith(str(tmp_path / "other")) and "ND303" in line for line in lines)
