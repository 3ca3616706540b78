"""docs/spec.md is executable: its grammar is the real one and every example runs."""

from __future__ import annotations

import json
import re

import pytest

import newsdoc
from tests.conftest import ROOT

SPEC = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"^Example (\d+): .*?```example\n(.*?)\n\.\n(.*?)\n```", re.M | re.S)
ESCAPE = re.compile(r"\\(r|t|z|\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def decode_input(block: str) -> str:
    """Turn an example's input block into the input it stands for."""
    text = block + "\n"
    end = text.find("\\z")
    if end >= 0:
        text = text[:end]

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in ("r", "t", "\\"):
            return {"r": "\r", "t": "\t", "\\": "\\"}[code]
        return chr(int(code[1:], 16))

    return ESCAPE.sub(replace, text)


EXAMPLES = EXAMPLE.findall(SPEC)


def test_examples_are_numbered_in_order() -> None:
    """The spec has its examples, numbered 1, 2, 3, ... with none skipped."""
    numbers = [int(n) for n, _, _ in EXAMPLES]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 15
    assert SPEC.count("```example") == len(numbers)


def test_escapes() -> None:
    """The example input notation decodes as the spec says."""
    assert decode_input(r"a\tb\r") == "a\tb\r\n"
    assert decode_input(r"x\z") == "x"
    assert decode_input(r"\x00\u2028\\") == "\x00\u2028\\\n"


@pytest.mark.parametrize(
    ("number", "source", "expected"), EXAMPLES, ids=[f"example-{n}" for n, _, _ in EXAMPLES]
)
def test_spec_example(number: str, source: str, expected: str) -> None:
    """Each numbered example gives the texts, or the first error, that the spec shows."""
    data = decode_input(source)
    error = re.fullmatch(r"error (ND\d{3}) at line (\d+), column (\d+)", expected)
    if error:
        with pytest.raises(newsdoc.ParseError) as raised:
            newsdoc.loads(data)
        found = (raised.value.code, raised.value.line, raised.value.column)
        assert found == (error.group(1), int(error.group(2)), int(error.group(3)))
    else:
        document = newsdoc.loads(data)
        assert {
            "body": [p.text for p in document.body],
            "headlines": [h.text for h in document.headlines],
        } == json.loads(expected)
        assert newsdoc.dumps(document) == data


def test_spec_grammar_is_the_grammar_file() -> None:
    """The grammar reproduced in the spec is byte for byte the grammar the parser runs."""
    (block,) = re.findall(r"```lark\n(.*?)```", SPEC, flags=re.S)
    assert block == (ROOT / "grammar" / "newsdoc.lark").read_text(encoding="utf-8")


def test_spec_error_table_lists_every_code() -> None:
    """Every code the parser can report is in the spec's error table."""
    for code in ("ND001", "ND002", "ND003", "ND004", "ND005", "ND006"):
        assert f"| `{code}` |" in SPEC
