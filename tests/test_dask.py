"""The Dask recipe of docs/scale.md runs as written and agrees with ``newsdoc convert``."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsdoc.cli.main import main
from tests import schema_check
from tests.conftest import DATA, ROOT, SEED

# The dev extra (what CI installs) has newsdoc[dask,parquet]: in CI a missing one fails.
if not os.environ.get("CI"):
    pytest.importorskip("dask", reason="needs newsdoc[dask]")
    pytest.importorskip("pyarrow", reason="needs newsdoc[parquet]")
import pyarrow.parquet as pq

DOC = ROOT / "docs" / "scale.md"


def recipe() -> dict[str, Any]:
    """The Python block of docs/scale.md that defines convert_corpus, executed."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)
    (code,) = [block for block in blocks if "def convert_corpus" in block]
    namespace: dict[str, Any] = {"__name__": "newsdoc_scale_recipe"}
    exec(compile(code, str(DOC), "exec"), namespace)
    return namespace


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    paths = [
        *sorted((DATA / "valid").glob("*.txt")),
        SEED,
        *sorted((DATA / "invalid").glob("*.txt"))[:3],
    ]
    for index, path in enumerate(paths):
        target = root / f"d{index % 4}" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


def expected(corpus: Path, tmp_path: Path) -> list[Any]:
    out = tmp_path / "expected.jsonl"
    assert main(["convert", str(corpus), "--to", "jsonl", "-o", str(out), "--no-progress"]) == 1
    return schema_check.documents(out.read_text(encoding="utf-8"), "jsonl")


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_dask_recipe_to_jsonl(
    corpus: Path, tmp_path: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The recipe writes the documents newsdoc convert writes, in order, and returns the problems."""
    convert_corpus = recipe()["convert_corpus"]
    out = tmp_path / "out"
    problems = convert_corpus(str(corpus), str(out), files_per_task=5, scheduler=scheduler)
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) > 1
    found = [
        json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()
    ]
    for document in found:
        assert schema_check.errors(document) == []
    assert found == expected(corpus, tmp_path)
    err = capsys.readouterr().err
    assert [f"newsdoc: {p}" for p in problems] == err.splitlines()
    assert len(problems) >= 3


def test_dask_recipe_to_parquet(corpus: Path, tmp_path: Path) -> None:
    """The Parquet variant writes one file per partition; read together they hold every document."""
    convert_corpus = recipe()["convert_corpus"]
    out = tmp_path / "parquet"
    problems = convert_corpus(
        str(corpus), str(out), parquet=True, files_per_task=5, scheduler="sync"
    )
    assert len(problems) >= 3
    rows = [
        row for part in sorted(out.glob("*.parquet")) for row in pq.read_table(part).to_pylist()
    ]
    assert rows == [
        {key: d[key] for key in ("source", "body", "headlines")} for d in expected(corpus, tmp_path)
    ]
