"""Data-driven: JSON inputs that are not valid documents, with their pinned messages.

Each tests/data/json/invalid/NAME.json (or .jsonl) is converted with
``--to jsonl`` from inside that folder; NAME.err holds the exact stderr and
NAME.out the exact stdout (the documents that were fine).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdoc.cli.main import main
from tests import schema_check
from tests.conftest import DATA

CASES = DATA / "json" / "invalid"
INPUTS = sorted(p for p in CASES.iterdir() if p.suffix in (".json", ".jsonl"))


def _json_value(path: Path) -> object:
    try:
        return json.loads(path.read_bytes())
    except (ValueError, RecursionError):
        return None  # not JSON: nothing for a schema to check


# The .json cases that are JSON at all (the others fail before any schema applies).
JSON_VALUES = {
    p.name: v for p in INPUTS if p.suffix == ".json" and (v := _json_value(p)) is not None
}


def test_cases_exist() -> None:
    """The folder holds the cases, each with its expected stderr and stdout."""
    assert len(INPUTS) >= 20
    for path in INPUTS:
        assert path.with_suffix(".err").is_file() and path.with_suffix(".out").is_file(), path


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_invalid_json_input(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every problem is named with file, position or JSON path; good documents still convert; exit 1."""
    monkeypatch.chdir(CASES)
    code = main(["convert", path.name, "--to", "jsonl"])
    out, err = capsys.readouterr()
    assert err == path.with_suffix(".err").read_text(encoding="utf-8")
    assert out == path.with_suffix(".out").read_text(encoding="utf-8")
    assert code == 1
    assert err.count("\n") >= 1 and "Traceback" not in err
    schema_check.documents(out, "jsonl")


@pytest.mark.parametrize("name", sorted(JSON_VALUES))
def test_schema_rejects_what_the_reader_rejects(name: str) -> None:
    """The JSON Schema rejects each invalid document too (for input that is JSON at all)."""
    value = JSON_VALUES[name]
    values = value if isinstance(value, list) else [value]
    assert any(schema_check.errors(v) for v in values)
