"""Hypothesis strategies for code that consumes news dumps.

Install with ``pip install 'newsdoc[hypothesis]'``.  The strategies:

- :func:`documents`: :class:`~newsdoc.NewsDump` models, optionally with
  random layout (BOM, CRLF, indentation, blank lines);
- :func:`dump_texts`: valid dump texts, with layout variations;
- :func:`invalid_dump_texts`: inputs that must be rejected, each with the
  error :func:`newsdoc.loads` must raise for it (an :class:`InvalidDump`);
- :func:`texts`: the texts a paragraph or headline may hold, to build
  documents of your own shape.

Example::

    from hypothesis import given

    import newsdoc
    from newsdoc.strategies import dump_texts


    @given(dump_texts())
    def test_every_dump_has_body_and_headlines(text: str) -> None:
        doc = newsdoc.loads(text)
        assert doc.body and doc.headlines
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import strategies as st

from .model.document import Headline, Layout, NewsDump, Paragraph
from .syntax import diagnosis as _codes
from .syntax.writer import dumps

__all__ = ["InvalidDump", "documents", "dump_texts", "invalid_dump_texts", "texts"]

_C0 = "".join(chr(c) for c in range(0x20) if c != 0x09)
# Characters worth meeting often: whitespace inside text, Unicode line
# separators that are content here, a BOM, quotes, and some non-Latin text.
_INTERESTING = "\t \u2028\u2029\u0085\ufeff\u00a0\u200b’“”'\"Ωé日🚀"


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Texts a paragraph or headline may hold.

    They are non-blank, with no control characters or line breaks and no
    leading or trailing spaces and tabs.
    """
    alphabet = st.one_of(
        st.characters(exclude_categories=["Cs"], exclude_characters=_C0),
        st.sampled_from(_INTERESTING),
    )
    return (
        st.text(alphabet, min_size=1, max_size=max_size).map(lambda s: s.strip(" \t")).filter(bool)
    )


_newlines = st.sampled_from(["\n", "\n", "\r\n"])
_whitespace = st.text(st.sampled_from(" \t"), max_size=3)
_blank_line = st.builds(lambda ws, nl: ws + nl, _whitespace, _newlines)


@st.composite
def _layout(draw: st.DrawFn) -> Layout:
    trailing = draw(st.lists(_blank_line, max_size=3))
    cut_last = draw(st.booleans())
    if trailing and cut_last:
        # The very last blank line may lack its line break.
        trailing[-1] = trailing[-1].rstrip("\r\n") or " "
    return Layout(
        bom=draw(st.booleans()),
        leading=draw(st.lists(_blank_line, max_size=3)),
        separator=draw(st.lists(_blank_line, min_size=1, max_size=4)),
        trailing=trailing,
    )


def _items(
    cls: type[Paragraph] | type[Headline], layout: bool, last: bool
) -> st.SearchStrategy[list[Paragraph]] | st.SearchStrategy[list[Headline]]:
    if not layout:
        return st.lists(st.builds(cls, texts()), min_size=1, max_size=6)  # type: ignore[return-value]
    item = st.builds(
        cls,
        texts(),
        indent=_whitespace,
        trailing=_whitespace,
        newline=st.sampled_from(["\n", "\r\n", ""] if last else ["\n", "\r\n"]),
    )
    return st.lists(item, min_size=1, max_size=6)  # type: ignore[return-value]


def documents(*, layout: bool = True) -> st.SearchStrategy[NewsDump]:
    """News dump models: 1 to 6 paragraphs and headlines.

    With ``layout=False`` every document has the canonical layout.
    """
    if not layout:
        return st.builds(NewsDump, _items(Paragraph, False, False), _items(Headline, False, True))
    return st.builds(
        lambda body, headlines, lay: NewsDump(body, headlines, layout=lay),
        _items(Paragraph, True, False),
        _items(Headline, True, True),
        _layout(),
    )


def dump_texts(*, layout: bool = True) -> st.SearchStrategy[str]:
    """Valid news dump texts; with ``layout`` (the default) in varied layouts."""
    return documents(layout=layout).map(dumps)


class InvalidDump(NamedTuple):
    """An input that must be rejected, and the first error it must give."""

    data: str | bytes
    """The input: a str, or bytes for encoding errors."""
    code: str
    """The code of the first error (``ND001`` to ``ND006``)."""
    line: int
    """Its 1-based line."""
    column: int
    """Its 1-based column, in characters."""


def _insertion_point(text: str, pos: int) -> int:
    """Move ``pos`` so that a character inserted there is the first error.

    Never split a CRLF (that would make a lone CR the first error), and in a
    blank line insert at its start: the line stops being blank, which after
    the headlines is a second-separator error at the line's start.
    """
    if pos > 0 and text[pos - 1] == "\r":
        pos -= 1
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : len(text) if end < 0 else end]
    if not line.strip(" \t\r"):
        pos = start
    return pos


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


@st.composite
def _with_control(draw: st.DrawFn) -> InvalidDump:
    text = draw(dump_texts())
    pos = _insertion_point(text, draw(st.integers(0, len(text))))
    char = draw(st.sampled_from(_C0.replace("\n", "")))
    if char == "\r" and text[pos : pos + 1] == "\n":
        char = "\x00"  # a CR before LF is a line break, not an error
    return InvalidDump(
        text[:pos] + char + text[pos:], _codes.CONTROL_CHARACTER, *_position(text, pos)
    )


@st.composite
def _with_bad_byte(draw: st.DrawFn) -> InvalidDump:
    text = draw(dump_texts())
    pos = _insertion_point(text, draw(st.integers(0, len(text))))
    bad = draw(st.sampled_from([b"\xff", b"\xc0", b"\x80", b"\xe9", b"\xe2\x80"]))
    data = text[:pos].encode() + bad + text[pos:].encode()
    return InvalidDump(data, _codes.INVALID_UTF8, *_position(text, pos))


def _blank_only() -> st.SearchStrategy[InvalidDump]:
    return st.builds(
        lambda bom, lines, last: InvalidDump(
            ("\ufeff" if bom else "") + "".join(lines) + last, _codes.EMPTY_DOCUMENT, 1, 1
        ),
        st.booleans(),
        st.lists(_blank_line, max_size=3),
        _whitespace,
    )


@st.composite
def _body_only(draw: st.DrawFn) -> InvalidDump:
    document = draw(documents(layout=False))
    lines = [p.text for p in document.body] + [h.text for h in document.headlines]
    text = "\n".join(lines)
    end = len(text)
    text += draw(st.sampled_from(["", "\n", "\r\n", "\n  "]))
    return InvalidDump(text, _codes.MISSING_SEPARATOR, *_position(text, end))


@st.composite
def _no_headlines(draw: st.DrawFn) -> InvalidDump:
    document = draw(documents(layout=False))
    text = (
        "\n".join(p.text for p in document.body)
        + "\n"
        + "".join(draw(st.lists(_blank_line, min_size=1, max_size=3)))
    )
    text += draw(_whitespace)
    return InvalidDump(
        text, _codes.MISSING_HEADLINES, *_position(text, len(text) - len(text.rsplit("\n", 1)[1]))
    )


@st.composite
def _second_separator(draw: st.DrawFn) -> InvalidDump:
    document = draw(documents(layout=False))
    text = dumps(document) + "".join(draw(st.lists(_blank_line, min_size=1, max_size=3)))
    start = len(text)
    text += draw(_whitespace) + draw(texts()) + draw(st.sampled_from(["", "\n"]))
    return InvalidDump(text, _codes.SECOND_SEPARATOR, *_position(text, start))


def invalid_dump_texts() -> st.SearchStrategy[InvalidDump]:
    """Inputs that :func:`newsdoc.loads` must reject.

    Each has one kind of error, with the code and position of the error
    ``loads`` must raise first.
    """
    return st.one_of(
        _with_control(),
        _with_bad_byte(),
        _blank_only(),
        _body_only(),
        _no_headlines(),
        _second_separator(),
    )
