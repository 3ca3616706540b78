"""``--to parquet``: one row per document, read back with pyarrow."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

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


def test_parquet_schema_is_fixed_for_each_form(corpus: Path, tmp_path: Path) -> None:
    """--positions and --lossless write the documented Arrow schema, not-null where it says so."""
    from newsdoc.convert.parquet import arrow_schema

    for flags, columns in (
        ((), ["source", "body", "headlines"]),
        (("--positions",), ["source", "body", "headlines"]),
        (("--lossless",), ["source", "body", "headlines", "layout"]),
        (("--positions", "--lossless"), ["source", "body", "headlines", "layout"]),
    ):
        out = tmp_path / f"out{len(flags)}{flags[:1]}.parquet"
        main(["convert", str(corpus), "--to", "parquet", *flags, "-o", str(out)])
        schema = pq.read_schema(out)
        expected = arrow_schema("--positions" in flags, "--lossless" in flags)
        assert schema.equals(expected, check_metadata=True), (schema, expected)
        assert schema.names == columns
        assert not schema.field("body").nullable and not schema.field("headlines").nullable
        assert schema.metadata[b"newsdoc.schema"] == b"newsdoc/document/1"
        if "--positions" in flags:
            item = schema.field("body").type.value_type
            assert item.field("line").type == pa.int64() and not item.field("text").nullable


def test_text_to_parquet_to_text_is_byte_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The test corpus goes to lossless Parquet and back to the exact bytes of every file."""
    source = tmp_path / "corpus"
    files = [*sorted((DATA / "valid").glob("*.txt")), SEED]
    files += [p for p in sorted((DATA / "rules").glob("*.txt")) if newsdoc.parse(p.read_bytes()).ok]
    for path in files:
        target = source / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    monkeypatch.chdir(tmp_path)
    assert main(["convert", "corpus", "--to", "parquet", "--lossless", "-o", "c.parquet"]) == 0
    assert main(["convert", "c.parquet", "--to", "text", "-o", "restored/"]) == 0
    restored = sorted(p for p in (tmp_path / "restored").rglob("*") if p.is_file())
    assert len(restored) == len(files) > 20
    for path in restored:
        original = source / path.relative_to(tmp_path / "restored" / "corpus")
        assert path.read_bytes() == original.read_bytes(), path
    capsys.readouterr()


def test_parquet_converts_to_jsonl_like_the_dumps(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from parquet (or the .parquet name) gives the documents the dumps give, in order."""
    out = tmp_path / "c.parquet"
    main(["convert", str(corpus), "--to", "parquet", "--positions", "-o", str(out)])
    capsys.readouterr()
    main(["convert", str(corpus), "--to", "jsonl", "--positions"])
    direct = capsys.readouterr().out
    assert main(["convert", str(out), "--to", "jsonl", "--positions"]) == 0
    assert capsys.readouterr().out == direct
    renamed = tmp_path / "c.bin"
    shutil.copyfile(out, renamed)
    assert main(["convert", str(renamed), "--from", "parquet", "--to", "jsonl", "--positions"]) == 0
    assert capsys.readouterr().out == direct


def test_parquet_that_is_not_newsdocs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another schema version, other columns or a file that is not Parquet: messages naming it."""
    other = tmp_path / "other.parquet"
    table = pa.table({"body": [["a"]], "headlines": [["h"]]})
    pq.write_table(table.replace_schema_metadata({b"newsdoc.schema": b"newsdoc/document/9"}), other)
    extra = tmp_path / "extra.parquet"
    pq.write_table(pa.table({"body": [["a"]], "headlines": [["h"]], "x": [1]}), extra)
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"PAR1 but not really")
    code = main(["convert", str(other), str(extra), str(fake), "--to", "jsonl"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == (
        f'newsdoc: {other}: unsupported schema "newsdoc/document/9": this newsdoc reads '
        '"newsdoc/document/1"'
    )
    assert err[1] == f'newsdoc: {extra}:row 1: $: unknown key "x"'
    assert err[2].startswith(f"newsdoc: {fake}: cannot read Parquet: ")
    assert len(err) == 3


def _names(kind: pa.DataType) -> object:
    """The field names of an Arrow type, recursively (types of empty lists set aside)."""
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _names(kind.field(i).type) for i in range(kind.num_fields)}
    if pa.types.is_list(kind):
        return [_names(kind.value_type)] if not pa.types.is_null(kind.value_type) else []
    return None


def test_dense_json_lines_have_one_schema_for_pyarrow(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every --lossless --positions row has every key, so any row alone gives pyarrow the whole schema.

    (An empty list alone says nothing of its items' type: such lists are
    set aside when one row's schema is compared with the whole file's.)
    """
    import pyarrow.json as pj

    out = tmp_path / "c.jsonl"
    main(["convert", str(corpus), "--to", "jsonl", "--lossless", "--positions", "-o", str(out)])
    capsys.readouterr()
    whole = pj.read_json(out)
    item = whole.schema.field("body").type.value_type
    assert [item.field(i).name for i in range(item.num_fields)] == [
        "text",
        "line",
        "indent",
        "trailing",
        "newline",
    ]
    layout = whole.schema.field("layout").type
    assert [layout.field(i).name for i in range(layout.num_fields)] == [
        "bom",
        "leading",
        "separator",
        "trailing",
    ]
    rows = out.read_bytes().splitlines(keepends=True)
    assert len(rows) == whole.num_rows > 5
    expected = {f.name: _names(f.type) for f in whole.schema}
    for row in rows:
        alone = pj.read_json(pa.py_buffer(row)).schema
        assert alone.names == whole.schema.names
        for name in ("body", "headlines"):
            assert _names(alone.field(name).type) == expected[name], row
        layout_names: Any = _names(alone.field("layout").type)
        assert set(layout_names) == set(expected["layout"])  # type: ignore[call-overload]
    items = whole.column("body").combine_chunks().flatten()
    for name in ("text", "line", "indent", "trailing", "newline"):
        assert items.field(name).null_count == 0, name
