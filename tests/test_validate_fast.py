"""The validator's shortcuts give what the straightforward way gives."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import dump_texts, invalid_dump_texts


@given(
    st.one_of(dump_texts(), invalid_dump_texts().map(lambda bad: bad.data), st.text(), st.binary())
)
def test_problems_are_the_errors_of_parse(data: str | bytes) -> None:
    """The validator's parse step (no document built) reports exactly what parse() reports.

    The validator reads UTF-8 bytes as their text, as parse() reads that text.
    """
    if isinstance(data, bytes):
        with contextlib.suppress(UnicodeDecodeError):
            data = data.decode("utf-8")
    structure = [
        (d.code, d.line, d.column, d.message) for d in newsdoc.validate(data) if d.code < "ND1"
    ]
    expected = [(e.code, e.line, e.column, e.msg) for e in newsdoc.parse(data).errors]
    assert structure == expected


SPACEY = st.text(st.sampled_from("ab .’“”\t\u00a0\r\n"), max_size=80)


@given(st.one_of(dump_texts(), SPACEY))
def test_bytes_and_text_give_the_same_findings(text: str) -> None:
    """Validating the UTF-8 bytes finds what validating the text finds (tabs and spaces too)."""
    found = newsdoc.validate(text)
    assert newsdoc.validate(text.encode("utf-8")) == found
    assert [d.source_line for d in newsdoc.validate(text.encode("utf-8"))] == [
        d.source_line for d in found
    ]
