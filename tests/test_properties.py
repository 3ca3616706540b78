"""Hypothesis properties of the parser, the writer and the model."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import InvalidDump, documents, dump_texts, invalid_dump_texts


@given(documents())
def test_document_survives_dumps_then_loads(document: newsdoc.NewsDump) -> None:
    """Any generated NewsDump, in any layout, comes back equal from dumps then loads."""
    text = newsdoc.dumps(document)
    again = newsdoc.loads(text)
    assert again == document
    assert newsdoc.dumps(again) == text


@given(documents())
def test_canonical_form_keeps_content_and_is_stable(document: newsdoc.NewsDump) -> None:
    """The canonical form parses to an equal document and is a fixed point."""
    canonical = newsdoc.dumps(document, canonical=True)
    again = newsdoc.loads(canonical)
    assert again == document
    assert newsdoc.dumps(again) == canonical
    assert newsdoc.dumps(again, canonical=True) == canonical
    assert "\r" not in canonical
    assert canonical.endswith("\n") and not canonical.endswith("\n\n")


@given(dump_texts())
def test_text_round_trips_byte_exact(text: str) -> None:
    """Any text that loads gives back exactly the same text, as str and as bytes."""
    assert newsdoc.dumps(newsdoc.loads(text)) == text
    data = text.encode("utf-8")
    assert newsdoc.dumps(newsdoc.loads(data)).encode("utf-8") == data


@given(st.text())
@example("\r")
@example("a\n\nb\n\nc")
@example("\ufeff")
def test_arbitrary_text_loads_or_raises_parse_error(text: str) -> None:
    """Arbitrary text either loads (and round-trips) or raises ParseError, nothing else."""
    try:
        document = newsdoc.loads(text)
    except newsdoc.ParseError as error:
        assert str(error).endswith(f"(at line {error.line}, column {error.column})")
        assert 0 <= error.pos <= len(text)
        assert error.line == text.count("\n", 0, error.pos) + 1
    else:
        assert newsdoc.dumps(document) == text


@given(st.binary())
def test_arbitrary_bytes_load_or_raise_parse_error(data: bytes) -> None:
    """Arbitrary bytes either load (and round-trip) or raise ParseError, nothing else."""
    try:
        document = newsdoc.loads(data)
    except newsdoc.ParseError as error:
        assert error.line >= 1 and error.column >= 1
    else:
        assert newsdoc.dumps(document).encode("utf-8") == data


@given(st.one_of(st.text(), st.binary(), dump_texts()))
def test_parse_never_raises_and_agrees_with_loads(data: str | bytes) -> None:
    """Parse never raises; its first error is what loads raises, and no errors means loads works."""
    result = newsdoc.parse(data)
    assert list(result.errors) == sorted(result.errors, key=lambda e: e.pos)
    try:
        document = newsdoc.loads(data)
    except newsdoc.ParseError as error:
        assert result.errors
        assert error == result.errors[0]
    else:
        assert result.ok
        assert result.document == document


@given(dump_texts(), st.data())
def test_mutated_dumps_load_or_raise(text: str, data: st.DataObject) -> None:
    """A valid dump with a few characters inserted or deleted loads or raises ParseError."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(chars)))
        delete = data.draw(st.booleans())
        if chars and delete:
            del chars[min(pos, len(chars) - 1)]
        else:
            chars.insert(pos, data.draw(st.sampled_from("\n\r\t \x00\ufeffa\u2028")))
    mutated = "".join(chars)
    result = newsdoc.parse(mutated)
    try:
        document = newsdoc.loads(mutated)
    except newsdoc.ParseError as error:
        assert error == result.errors[0]
    else:
        assert newsdoc.dumps(document) == mutated


@given(invalid_dump_texts())
def test_invalid_dumps_raise_the_expected_error(case: InvalidDump) -> None:
    """Each generated invalid input raises its expected first error at its position."""
    try:
        newsdoc.loads(case.data)
    except newsdoc.ParseError as error:
        assert (error.code, error.line, error.column) == (case.code, case.line, case.column)
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError(f"accepted {case.data!r}")


@given(dump_texts(), st.data())
def test_layout_does_not_change_equality(text: str, data: st.DataObject) -> None:
    """Extra spaces and tabs at line ends, and CRLF for LF, give an equal document."""
    lines = text.split("\n")
    junk = st.text(st.sampled_from(" \t"), max_size=3)
    padded = [line.removesuffix("\r") + data.draw(junk) for line in lines]
    newline = data.draw(st.sampled_from(["\n", "\r\n"]))
    changed = newline.join(padded)
    assert newsdoc.loads(changed) == newsdoc.loads(text)
