"""The attrs model: validation of hand-built documents, equality, hashing, immutability."""

from __future__ import annotations

import pickle

import attrs
import pytest

import newsdoc
from newsdoc import Headline, Layout, NewsDump, Paragraph


def test_hand_built_document_dumps_canonically() -> None:
    """A document built by hand has the canonical layout."""
    document = NewsDump([Paragraph("Body one."), Paragraph("Body two.")], [Headline("Head")])
    assert newsdoc.dumps(document) == "Body one.\nBody two.\n\n\nHead\n"
    assert newsdoc.loads(newsdoc.dumps(document)) == document


def test_from_texts() -> None:
    """NewsDump.from_texts builds items from plain strings."""
    document = NewsDump.from_texts(["P"], ["H1", "H2"])
    assert document == NewsDump((Paragraph("P"),), (Headline("H1"), Headline("H2")))


def test_layout_is_not_part_of_equality_or_hash() -> None:
    """Documents that differ only in layout are equal and hash alike."""
    a = newsdoc.loads("\ufeff  P \r\n\n\n H\t\n\n")
    b = newsdoc.loads("P\n\nH")
    assert a == b
    assert hash(a) == hash(b)
    assert a.body[0] == Paragraph("P")
    assert a.body[0].line == 1 and b.headlines[0].line == 3


def test_paragraph_and_headline_differ() -> None:
    """A paragraph never equals a headline with the same text."""
    assert Paragraph("x") != Headline("x")  # type: ignore[comparison-overlap]


def test_documents_are_frozen_and_slotted() -> None:
    """Model objects cannot be changed and have no __dict__."""
    document = newsdoc.loads("P\n\nH\n")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        document.body = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        document.body[0].text = "x"  # type: ignore[misc]
    assert not hasattr(document, "__dict__")
    assert not hasattr(document.body[0], "__dict__")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paragraph text must not be empty or only spaces and tabs"),
        (" \t", "Paragraph text must not be empty or only spaces and tabs"),
        (
            " x",
            "Paragraph text must not start or end with a space or tab (that whitespace is layout: use indent and trailing)",
        ),
        (
            "x\t",
            "Paragraph text must not start or end with a space or tab (that whitespace is layout: use indent and trailing)",
        ),
        ("a\nb", "Paragraph text must not contain a line break (U+000A) (found at index 1)"),
        ("a\rb", "Paragraph text must not contain a carriage return (U+000D) (found at index 1)"),
        ("a\x00", "Paragraph text must not contain the character U+0000 (found at index 1)"),
        ("a\ud800", "Paragraph text must not contain the character U+D800 (found at index 1)"),
    ],
)
def test_bad_text_is_rejected(text: str, message: str) -> None:
    """Building an item by hand validates its text with a clear message."""
    with pytest.raises(ValueError) as raised:  # noqa: PT011 - the message is checked below
        Paragraph(text)
    assert str(raised.value) == message


def test_text_must_be_a_string() -> None:
    """A non-str text is a TypeError."""
    with pytest.raises(TypeError, match="Headline text must be a str, not int"):
        Headline(3)  # type: ignore[arg-type]


def test_bad_layout_is_rejected() -> None:
    """Item layout and document layout are validated too."""
    with pytest.raises(ValueError, match="indent must hold only spaces and tabs"):
        Paragraph("x", indent="x")
    with pytest.raises(ValueError, match="newline must be"):
        Paragraph("x", newline="\r")
    with pytest.raises(ValueError, match="separator needs at least one blank line"):
        Layout(separator=())
    with pytest.raises(ValueError, match=r"Layout\.leading must hold blank lines"):
        Layout(leading=["  "])
    with pytest.raises(ValueError, match=r"Layout\.separator must hold blank lines"):
        Layout(separator=["x\n"])
    assert Layout(trailing=["\n", "  "]).trailing == ("\n", "  ")


def test_empty_sections_are_rejected() -> None:
    """A document needs at least one paragraph and one headline, of the right types."""
    with pytest.raises(ValueError, match=r"NewsDump\.body needs at least one Paragraph"):
        NewsDump([], [Headline("h")])
    with pytest.raises(ValueError, match=r"NewsDump\.headlines needs at least one Headline"):
        NewsDump([Paragraph("p")], [])
    with pytest.raises(
        TypeError, match=r"NewsDump.headlines\[0\] must be a Headline, not Paragraph"
    ):
        NewsDump([Paragraph("p")], [Paragraph("h")])  # type: ignore[list-item]


def test_evolved_document_still_dumps_validly() -> None:
    """Appending a headline after a last line without a line break keeps lines apart."""
    document = newsdoc.loads("P\n\nH")
    longer = attrs.evolve(document, headlines=(*document.headlines, Headline("New")))
    assert newsdoc.dumps(longer) == "P\n\nH\nNew\n"
    changed = attrs.evolve(document, body=(attrs.evolve(document.body[0], text="Q"),))
    assert newsdoc.dumps(changed) == "Q\n\nH"


def test_leading_feff_in_text_survives() -> None:
    """A first text starting with U+FEFF is written after a BOM, so it reads back the same."""
    document = NewsDump.from_texts(["\ufeffP"], ["H"])
    for canonical in (False, True):
        text = newsdoc.dumps(document, canonical=canonical)
        assert text.startswith("\ufeff\ufeff")
        assert newsdoc.loads(text) == document


def test_models_pickle() -> None:
    """Documents pickle and unpickle equal, layout included (for worker processes)."""
    document = newsdoc.loads("\ufeff P\r\n\n H \n\n")
    again = pickle.loads(pickle.dumps(document))
    assert again == document
    assert newsdoc.dumps(again) == newsdoc.dumps(document)
    assert again.body[0].line == 1
