"""Parsing: text or bytes to a :class:`NewsDump`, and every problem of bad input.

The grammar decides whether a text is a news dump: first the fast path, one
regular expression composed from the grammar (:mod:`.fastpath`), then, when
it does not match, the Lark parser itself.  The reader (:mod:`.reader`)
says where the lines and sections are, and the model is built from its
structure.  When the grammar rejects the input, ``parse`` diagnoses it in
full (:mod:`.diagnosis`) and ``loads`` raises the first problem, so the two
always agree on the first error.
"""

from __future__ import annotations

import os
from typing import Any, Final

import attrs

from ..model.diagnostic import DEFAULT_LIMIT
from ..model.document import (
    Layout,
    NewsDump,
    build_dump,
    build_headline,
    build_layout,
    build_paragraph,
)
from ..model.errors import ParseError
from .diagnosis import diagnose, sanitize
from .grammar import fast_pattern, lark_parser
from .reader import Structure, read, read_lines

__all__ = ["ParseResult", "accepts", "build", "decode", "loads", "parse", "parse_read"]


@attrs.frozen
class ParseResult:
    """What :func:`parse` found: a best-effort document and every problem."""

    document: NewsDump | None
    """The document.  When there are errors it is a best-effort one built
    from what could be read (undecodable bytes and forbidden characters
    replaced by U+FFFD, text after a second separator left out), or None
    when the input has no body or no headline list."""

    errors: tuple[ParseError, ...]
    """Every problem found, sorted by position; empty for a valid dump."""

    @property
    def ok(self) -> bool:
        """True when the input is a valid news dump."""
        return not self.errors


def decode(data: str | bytes | bytearray | memoryview) -> tuple[str, bool]:
    """The text to parse, and whether it came from bytes.

    Bytes are decoded with "surrogateescape": undecodable bytes become lone
    surrogates, which the grammar rejects and the diagnosis reports (with
    their byte offsets) as ``ND001``.
    """
    given: object = data  # what callers may pass, whatever the annotation says
    if isinstance(given, str):
        return given, False
    if isinstance(given, (bytes, bytearray, memoryview)):
        return bytes(given).decode("utf-8", "surrogateescape"), True
    hint = ": to read a file, use load()" if isinstance(given, os.PathLike) else ""
    raise TypeError(f"expected str or bytes, not {type(given).__name__}{hint}")


def accepts(text: str) -> bool:
    """Whether the grammar accepts ``text``: the fast path's match, else the Lark parser's."""
    fast = fast_pattern()
    if fast is not None and fast.match(text) is not None:
        return True
    from lark.exceptions import LarkError

    try:
        lark_parser(None).parse(text)
    except LarkError:
        return False
    return True


# --- building the model from the reader's structure ---------------------------------

# Above this many lines, the cyclic garbage collector is paused while the
# items are built.  They hold only strings and ints, so they can form no
# reference cycle, and each full collection walks the whole growing heap:
# for a 100 MB dump that made loading 1.6 times slower, and its cost per
# byte grow with the size.  A collector that was off stays off.
_MANY_LINES: Final = 50_000


def _items(make: Any, structure: Structure, first: int, last: int) -> tuple[Any, ...]:
    """The items of lines ``first`` to ``last`` (non-blank lines) of a structure."""
    plain = structure.plain
    stripped = structure.stripped
    newline = structure.newline
    items = []
    simple = not structure.crlf
    end = len(structure.lines) - 1 if structure.final_newline else len(structure.lines) - 2
    for index in range(first, last + 1):
        text = stripped[index]
        raw = plain[index]
        brk = "\n" if simple and index <= end else newline(index)
        if text is raw:  # the common case: no indentation and no trailing whitespace
            items.append(make(text, index + 1, "", "", brk))
        else:
            start = raw.index(text[0])
            items.append(make(text, index + 1, raw[:start], raw[start + len(text) :], brk))
    return tuple(items)


def build(structure: Structure) -> NewsDump:
    """The document of a text the grammar accepts, from its structure."""
    if len(structure.lines) <= _MANY_LINES:
        return _build(structure)
    import gc

    pause = gc.isenabled()
    if pause:
        gc.disable()
    try:
        return _build(structure)
    finally:
        if pause:
            gc.enable()


def _build(structure: Structure) -> NewsDump:
    (first_body, last_body), (first_head, last_head) = structure.runs[:2]
    blank = structure.blank_line
    layout = build_layout(
        structure.bom,
        tuple([blank(index) for index in range(first_body)]),
        tuple([blank(index) for index in range(last_body + 1, first_head)]),
        tuple([blank(index) for index in range(last_head + 1, len(structure.lines))]),
    )
    return build_dump(
        _items(build_paragraph, structure, first_body, last_body),
        _items(build_headline, structure, first_head, last_head),
        layout,
    )


def best_effort(structure: Structure) -> NewsDump | None:
    """The document a rejected text's sanitised structure holds: its first two runs, or None.

    The body's last line gets a line break if it has none, and a missing
    separator is one blank line, so that the document is one the model accepts.
    """
    runs = structure.runs
    if len(runs) < 2:
        return None
    (first_body, last_body), (first_head, last_head) = runs[:2]
    blank = structure.blank_line
    body = _items(build_paragraph, structure, first_body, last_body)
    if body[-1].newline == "":
        body = (*body[:-1], attrs.evolve(body[-1], newline="\n"))
    separator = [blank(index) for index in range(last_body + 1, first_head)]
    stop = len(structure.lines) if len(runs) == 2 else first_head
    trailing = [blank(index) for index in range(last_head + 1, stop)] if len(runs) == 2 else []
    layout = Layout(
        structure.bom, [blank(i) for i in range(first_body)], separator or ["\n"], trailing
    )
    return build_dump(body, _items(build_headline, structure, first_head, last_head), layout)


# --- the entry points --------------------------------------------------------------

# Bytes of more characters than this are split into lines a chunk at a time.
_CHUNK: Final = 1 << 19


def _lines_from_bytes(data: bytes, chunk: int = _CHUNK) -> list[str]:
    r"""``data.decode().split("\n")``, decoding about ``chunk`` bytes at a time.

    Each chunk ends at an LF, which never occurs inside a UTF-8 sequence.
    """
    lines: list[str] = []
    start = 0
    while True:
        end = data.find(b"\n", start + chunk)
        if end < 0:
            lines.extend(data[start:].decode("utf-8").split("\n"))
            return lines
        lines.extend(data[start:end].decode("utf-8").split("\n"))
        start = end + 1


def _lines(data: str | bytes) -> list[str]:
    """The lines of large UTF-8 bytes, decoded a chunk at a time (see :func:`loads`)."""
    assert not isinstance(data, str)
    return _lines_from_bytes(bytes(data))


def _large(text: str, from_bytes: bool) -> bool:
    """Whether to read the lines from the bytes, not from the text (large input)."""
    return from_bytes and len(text) > _CHUNK


def loads(data: str | bytes) -> NewsDump:
    """Parse a news dump from ``str`` or UTF-8 ``bytes``.

    Raises :class:`ParseError` for the first problem in the input, by
    position; :func:`parse` reports them all.
    """
    text, from_bytes = decode(data)
    if not accepts(text):
        # The first problem is the first of some code: one of each is enough.
        raise diagnose(text, from_bytes, read(text), limit=1)[0]
    if _large(text, from_bytes):
        # A str takes two or four bytes a character as soon as one character
        # is past U+00FF; the lines, one more time as much.  Drop the whole
        # text and decode the lines from the bytes a chunk at a time, so that
        # a large file costs the bytes and the lines, not the text on top.
        del text
        return build(read_lines(_lines(data)))
    return build(read(text))


def parse(data: str | bytes) -> ParseResult:
    """Parse a news dump and report every problem in it.

    Never raises for bad content (only ``TypeError`` for an argument that is
    neither str nor bytes).  At most 1000 errors of a code are listed: one
    more, at the first left out, says how many there are besides.
    """
    text, from_bytes = decode(data)
    if not accepts(text):
        return ParseResult(*_rejected(text, from_bytes, read(text)))
    if _large(text, from_bytes):
        del text  # as loads() does
        return ParseResult(build(read_lines(_lines(data))), ())
    return ParseResult(build(read(text)), ())


def parse_read(
    text: str, from_bytes: bool, structure: Structure, limit: int | None = DEFAULT_LIMIT
) -> ParseResult:
    """:func:`parse` of a decoded text whose structure the caller has read.

    At most ``limit`` errors of a code are listed (None: every one).
    """
    if accepts(text):
        return ParseResult(build(structure), ())
    return ParseResult(*_rejected(text, from_bytes, structure, limit))


def _rejected(
    text: str, from_bytes: bool, structure: Structure, limit: int | None = DEFAULT_LIMIT
) -> tuple[NewsDump | None, tuple[ParseError, ...]]:
    """The best-effort document and the problems of a text the grammar rejects.

    The document is built from the sanitised text (read again: this is the
    error path), whose lines are those of ``text``.
    """
    errors = tuple(diagnose(text, from_bytes, structure, limit))
    return best_effort(read(sanitize(text))), errors
