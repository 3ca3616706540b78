"""``--to parquet``: one row per document, read back with pyarrow."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import newsdoc
import newsdoc.convert.sinks as sinks
from newsdoc.cli.main import main
from tests.conftest import DATA, SEED

# The dev extra (what CI installs) has newsdoc[parquet]: in CI a missing pyarrow fails.
if not os.environ.get("CI"):
    pytest.importorskip("pyarrow", reason="needs newsdoc[parquet]")
import pyarrow as pa
import pyarrow.parquet as pq


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for path in [*sorted((DATA / "valid").glob("*.txt")), SEED, DATA / "invalid" / "empty.txt"]:
        shutil.copyfile(path, root / path.name)
    return root


def test_parquet_rows_read_back(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each valid file is one row (source, body, headlines as lists of strings), in order, in row groups."""
    monkeypatch.setattr(sinks, "PARQUET_BATCH", 4)
    out = tmp_path / "corpus.parquet"
    code = main(["convert", str(corpus), "--to", "parquet", "-o", str(out)])
    assert code == 1
    assert capsys.readouterr().err.startswith(f"newsdoc: {corpus / 'empty.txt'}:1:1: ND003 ")
    table = pq.read_table(out)
    assert table.column_names == ["source", "body", "headlines"]
    for name in ("body", "headlines"):
        kind = table.schema.field(name).type
        assert pa.types.is_list(kind) and kind.value_type == pa.string()
    assert table.schema.metadata[b"newsdoc.schema"] == b"newsdoc/document/1"
    paths = sorted(p for p in corpus.iterdir() if p.name != "empty.txt")
    expected = []
    for path in paths:
        document = newsdoc.load(path)
        expected.append(
            {
                "source": path.as_posix(),
                "body": [p.text for p in document.body],
                "headlines": [h.text for h in document.headlines],
            }
        )
    assert table.to_pylist() == expected
    assert pq.ParquetFile(out).metadata.num_row_groups == -(-len(paths) // 4)


def test_parquet_jobs_equal_sequential(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs 2 writes the same rows as --jobs 1."""
    from newsdoc.io import jobs as _jobs

    monkeypatch.setattr(_jobs, "PARALLEL_MIN", 2)
    monkeypatch.setattr(_jobs, "CHUNK", 2)
    tables = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.parquet"
        assert main(["convert", str(corpus), "--to", "parquet", "-o", str(out), "-j", jobs]) == 1
        tables.append(pq.read_table(out).to_pylist())
    assert tables[0] == tables[1] and len(tables[0]) > 4


def test_parquet_from_json_lines(tmp_path: Path) -> None:
    """JSON Lines convert to Parquet too; a document without source has a null source."""
    data = newsdoc.to_dict(newsdoc.load(SEED))
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps(data) + "\n", encoding="utf-8")
    out = tmp_path / "docs.parquet"
    assert main(["convert", str(source), "--to", "parquet", "-o", str(out)]) == 0
    assert pq.read_table(out).to_pylist() == [
        {"source": None, "body": data["body"], "headlines": data["headlines"]}
    ]


def test_parquet_without_pyarrow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without pyarrow, --to parquet is exit 2 with the extra to install."""
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code = main(["convert", str(SEED), "--to", "parquet", "-o", str(tmp_path / "x.parquet")])
    assert code == 2
    assert capsys.readouterr().err == (
        "newsdoc: --to parquet needs pyarrow: pip install 'newsdoc[parquet]'\n"
    )
    assert list(tmp_path.iterdir()) == []
