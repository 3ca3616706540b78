"""Data-driven cases: tests/data/{valid,invalid}/NAME.txt with NAME.json beside them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import newsdoc
from tests.conftest import DATA

VALID = sorted((DATA / "valid").glob("*.txt"))
INVALID = sorted((DATA / "invalid").glob("*.txt"))


def _expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_corpus_is_not_empty() -> None:
    """The glob finds the cases, and every case has its expected result beside it."""
    assert len(VALID) >= 15
    assert len(INVALID) >= 15
    for path in VALID + INVALID:
        assert path.with_suffix(".json").is_file(), path


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_case(path: Path) -> None:
    """A valid case parses to the expected texts and lines, and round-trips byte-exact."""
    data = path.read_bytes()
    expected = _expected(path)
    document = newsdoc.loads(data)
    assert [p.text for p in document.body] == expected["body"]
    assert [h.text for h in document.headlines] == expected["headlines"]
    assert document.body[0].line == expected["body_first_line"]
    assert document.headlines[0].line == expected["headlines_first_line"]
    assert [p.line for p in document.body] == list(
        range(expected["body_first_line"], expected["body_first_line"] + len(document.body))
    )
    assert newsdoc.dumps(document).encode("utf-8") == data
    text = data.decode("utf-8")
    assert newsdoc.dumps(newsdoc.loads(text)) == text
    assert newsdoc.parse(data).errors == ()


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_case(path: Path) -> None:
    """An invalid case gives exactly the expected errors, and loads raises the first."""
    data = path.read_bytes()
    expected = _expected(path)["errors"]
    result = newsdoc.parse(data)
    found = [
        {"code": e.code, "line": e.line, "column": e.column, "message": e.msg}
        for e in result.errors
    ]
    assert found == expected
    with pytest.raises(newsdoc.ParseError) as raised:
        newsdoc.loads(data)
    first = expected[0]
    assert raised.value.code == first["code"]
    assert (
        str(raised.value)
        == f"{first['message']} (at line {first['line']}, column {first['column']})"
    )
