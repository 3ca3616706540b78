"""docs/json.md and docs/scale.md stay true: their snippets run, the schema copy is current."""

from __future__ import annotations

import re

from tests.conftest import ROOT

JSON_DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


def test_json_doc_python_snippets_run() -> None:
    """Every ```python block of docs/json.md runs (its asserts are the checks)."""
    blocks = re.findall(r"```python\n(.*?)```", JSON_DOC, flags=re.DOTALL)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "docs/json.md", "exec"), {})


def test_json_doc_shows_the_shipped_schema() -> None:
    """The schema printed at the end of docs/json.md is the shipped document.schema.json."""
    shipped = (ROOT / "src" / "newsdoc" / "schemas" / "document.schema.json").read_text(
        encoding="utf-8"
    )
    copy = JSON_DOC.split("## The schema", 1)[1].split("```json\n", 1)[1].rsplit("```", 1)[0]
    assert copy == shipped


def test_scale_doc_states_the_engine_settings() -> None:
    """docs/scale.md gives the chunk size, window and threshold the engine uses."""
    from newsdoc.convert import sinks as _sinks
    from newsdoc.io import jobs as _jobs

    scale = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    assert f"in chunks of {_jobs.CHUNK} files" in scale
    assert f"Below {_jobs.PARALLEL_MIN} files no worker is started" in scale
    assert f"(or fewer holding {_jobs.CHUNK_BYTES // 2**20} MiB)" in scale
    assert f"or {_jobs.PARALLEL_WORK // 2**20} MB (see" in scale
    assert f"in row groups of {_sinks.PARQUET_BATCH:,} documents" in scale
    assert "at most `4 × N` chunks" in scale and "window = 4 * jobs" in (
        ROOT / "src" / "newsdoc" / "io" / "pool.py"
    ).read_text(encoding="utf-8")
