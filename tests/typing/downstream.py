"""A downstream project's use of newsdoc, type-checked with ``mypy --strict``.

tests/test_typing.py runs mypy on this file the way a downstream project
would (its own folder, no newsdoc configuration), so the public API's types
are checked as users see them: every ``assert_type`` must hold, and nothing
may be ``Any`` or need an ignore.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import assert_type

from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import Headline, Layout, NewsDump, Paragraph, ParseError, ParseResult
from newsdoc.strategies import InvalidDump, documents, dump_texts, invalid_dump_texts, texts


def summarise(data: str | bytes) -> tuple[list[str], list[str]]:
    doc = newsdoc.loads(data)
    assert_type(doc, NewsDump)
    assert_type(doc.body, tuple[Paragraph, ...])
    assert_type(doc.headlines, tuple[Headline, ...])
    assert_type(doc.layout, Layout)
    assert_type(doc.body[0].text, str)
    assert_type(doc.body[0].line, int | None)
    assert_type(doc.headlines[0].newline, str)
    assert_type(doc.layout.separator, tuple[str, ...])
    assert_type(doc.layout.bom, bool)
    return [p.text for p in doc.body], [h.text for h in doc.headlines]


def report(data: bytes) -> list[str]:
    result = newsdoc.parse(data)
    assert_type(result, ParseResult)
    assert_type(result.ok, bool)
    assert_type(result.document, NewsDump | None)
    assert_type(result.errors, tuple[ParseError, ...])
    return [f"{e.path}:{e.line}:{e.column}: {e.code} {e.msg}" for e in result.errors]


def first_error(text: str) -> tuple[str, int, int, int, str] | None:
    try:
        newsdoc.loads(text)
    except ParseError as error:
        assert_type(error.code, str)
        assert_type(error.path, str | None)
        return error.code, error.line, error.column, error.pos, error.source_line
    return None


def round_trip(path: Path) -> str:
    doc = newsdoc.load(path)
    newsdoc.load(str(path))
    with path.open("rb") as file:
        newsdoc.load(file)
    buffer = io.BytesIO()
    newsdoc.dump(doc, buffer, canonical=True)
    newsdoc.dump(doc, path)
    text = newsdoc.dumps(doc, canonical=False)
    assert_type(text, str)
    return text


def build() -> NewsDump:
    doc = NewsDump(
        [Paragraph("Body.", indent="  ")],
        (Headline("Head", newline=""),),
        layout=Layout(bom=True, separator=["\n"]),
    )
    assert_type(NewsDump.from_texts(["Body."], ["Head"]), NewsDump)
    return doc


assert_type(documents(), st.SearchStrategy[NewsDump])
assert_type(documents(layout=False), st.SearchStrategy[NewsDump])
assert_type(dump_texts(), st.SearchStrategy[str])
assert_type(invalid_dump_texts(), st.SearchStrategy[InvalidDump])
assert_type(texts(max_size=10), st.SearchStrategy[str])


@given(invalid_dump_texts())
def check_rejection(case: InvalidDump) -> None:
    assert_type(case.data, str | bytes)
    assert_type(case.code, str)
    assert_type(case.line, int)
    assert_type(case.column, int)
