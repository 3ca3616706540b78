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

import gc
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import repeat
from operator import add
from typing import Any, Final

import attrs

from ..model.diagnostic import DEFAULT_LIMIT
from ..model.document import (
    Layout,
    NewsDump,
    PendingItems,
    build_dump,
    build_headline,
    build_layout,
    build_paragraph,
)
from ..model.errors import ParseError
from .diagnosis import diagnose, sanitize
from .grammar import fast_pattern, lark_parser
from .reader import Block, Structure, blank_lines, margins, read, read_block, read_lines

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
    return _fast_match(text) is not None or _lark_accepts(text)


def _fast_match(text: str) -> re.Match[str] | None:
    """The fast path's match of ``text`` (see :mod:`.fastpath`), or None."""
    fast = fast_pattern()
    return None if fast is None else fast.match(text)


def _lark_accepts(text: str) -> bool:
    """Whether the Lark parser accepts ``text`` (for what the fast path did not match)."""
    from lark.exceptions import LarkError

    try:
        lark_parser(None).parse(text)
    except LarkError:
        return False
    return True


# --- building the model --------------------------------------------------------------

# Above this many lines, the cyclic garbage collector is paused while the
# items are built.  They hold only strings and ints, so they can form no
# reference cycle, and each full collection walks the whole growing heap:
# for a 100 MB dump that made loading 1.6 times slower, and its cost per
# byte grow with the size.  A collector that was off stays off.
_MANY_LINES: Final = 50_000


def _make_items(
    make: Any,
    texts: list[str],
    first: int,
    indents: list[str] | None,
    trailings: list[str] | None,
    newlines: Iterable[str],
) -> tuple[Any, ...]:
    """Items made in bulk: one ``map`` over the columns of their fields.

    No Python code runs per line but the builder; a column that is the same
    for every line (no indents, no trailing whitespace: the common shape)
    is a ``repeat``.
    """
    count = len(texts)
    return tuple(
        map(
            make,
            texts,
            range(first + 1, first + 1 + count),
            repeat("", count) if indents is None else indents,
            repeat("", count) if trailings is None else trailings,
            newlines,
        )
    )


def _items(make: Any, structure: Structure, first: int, last: int) -> tuple[Any, ...]:
    """The items of lines ``first`` to ``last`` (non-blank lines) of a structure, in bulk."""
    stop = last + 1
    texts = structure.stripped[first:stop]
    plain = structure.plain[first:stop]
    indents = trailings = None
    if texts != plain:  # a line with spaces or tabs around its text (`is` per line at C speed)
        indents, trailings = margins(texts, plain)
    newlines: Iterable[str] = repeat("\n", stop - first)
    if structure.crlf or (stop == len(structure.lines) and not structure.final_newline):
        newlines = list(map(structure.newline, range(first, stop)))
    return _make_items(make, texts, first, indents, trailings, newlines)


def _blank_lines(structure: Structure, first: int, stop: int) -> tuple[str, ...]:
    """Blank lines ``first`` to ``stop - 1`` as layout keeps them, each with its line break."""
    if structure.crlf or (stop == len(structure.lines) and not structure.final_newline):
        return tuple(map(structure.blank_line, range(first, stop)))
    return tuple(map(add, structure.plain[first:stop], repeat("\n", stop - first)))


def build(structure: Structure) -> NewsDump:
    """The document of a text the grammar accepts, from its whole structure."""
    if len(structure.lines) <= _MANY_LINES:
        return _build(structure)
    with _collector_paused():
        return _build(structure)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, if it runs (see ``_MANY_LINES``)."""
    pause = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()


def _build(structure: Structure) -> NewsDump:
    (first_body, last_body), (first_head, last_head) = structure.runs[:2]
    layout = build_layout(
        structure.bom,
        _blank_lines(structure, 0, first_body) if first_body else (),
        _blank_lines(structure, last_body + 1, first_head),
        _blank_lines(structure, last_head + 1, len(structure.lines)),
    )
    return build_dump(
        _items(build_paragraph, structure, first_body, last_body),
        _items(build_headline, structure, first_head, last_head),
        layout,
    )


class _Pending(PendingItems):
    """The items of one block of a text the grammar accepts, made when first wanted.

    ``loads`` leaves one in the document's body and one in its headline
    list (``newsdoc.model.speed.defer``): it only matches the text and reads
    the layout from the match.  The block is read (:func:`read_block`) the
    first time its texts or its items are wanted; reading the items makes
    them, in bulk, and the document keeps them.
    """

    __slots__ = ("_block", "end", "make", "newline", "start", "text")

    def __init__(self, make: Any, text: str, start: int, end: int, newline: str) -> None:
        self.make = make
        self.text = text
        self.start = start
        self.end = end
        self.newline = newline
        self._block: Block | None = None

    def block(self) -> Block:
        """The block's lines, read once."""
        block = self._block
        if block is None:
            block = self._block = read_block(self.text, self.start, self.end, self.newline)
        return block

    def texts(self) -> list[str]:
        """See :meth:`PendingItems.texts`."""
        return list(self.block().texts)

    def build(self) -> tuple[Any, ...]:
        """The items, made in bulk."""
        block = self.block()
        first = self.text.count("\n", 0, self.start)
        indents, trailings = block.margins() or (None, None)
        if len(block.texts) <= _MANY_LINES:
            return _make_items(self.make, block.texts, first, indents, trailings, block.newlines())
        with _collector_paused():
            return _make_items(self.make, block.texts, first, indents, trailings, block.newlines())


def _from_match(text: str, match: re.Match[str]) -> NewsDump:
    """The document of a text the fast path matched: the layout now, the items when first read.

    The match's groups are the grammar's tokens: the blank lines of the
    layout are read from them, and each block is left to be read when its
    items are first wanted.
    """
    bom, leading, separator, trailing = match.group("BOM", "LEADING", "SEPARATOR", "TRAILING")
    # The first line break of the separator (and of the trailing blank lines)
    # ends the block's last line.
    body_newline = "\r\n" if separator[0] == "\r" else "\n"
    if trailing is None:
        head_newline = ""
        after: tuple[str, ...] = ()
    else:
        head_newline = "\r\n" if trailing[0] == "\r" else "\n"
        after = blank_lines(trailing[len(head_newline) :])
    layout = build_layout(
        bom is not None,
        blank_lines(leading) if leading is not None else (),
        blank_lines(separator[len(body_newline) :]),
        after,
    )
    body_start, body_end = match.span("body")
    head_start, head_end = match.span("headlines")
    return build_dump(
        _Pending(build_paragraph, text, body_start, body_end, body_newline),
        _Pending(build_headline, text, head_start, head_end, head_newline),
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
    match = _fast_match(text)
    if match is None and not _lark_accepts(text):
        # The first problem is the first of some code: one of each is enough.
        raise diagnose(text, from_bytes, read(text), limit=1)[0]
    if _large(text, from_bytes):
        # A str takes two or four bytes a character as soon as one character
        # is past U+00FF; the lines, one more time as much.  Drop the whole
        # text (the match holds it too) and decode the lines from the bytes a
        # chunk at a time, so that a large file costs the bytes and the
        # lines, not the text on top.
        del text, match
        return build(read_lines(_lines(data)))
    return build(read(text)) if match is None else _from_match(text, match)


def parse(data: str | bytes) -> ParseResult:
    """Parse a news dump and report every problem in it.

    Never raises for bad content (only ``TypeError`` for an argument that is
    neither str nor bytes).  At most 1000 errors of a code are listed: one
    more, at the first left out, says how many there are besides.
    """
    text, from_bytes = decode(data)
    match = _fast_match(text)
    if match is None and not _lark_accepts(text):
        return ParseResult(*_rejected(text, from_bytes, read(text)))
    if _large(text, from_bytes):
        del text, match  # as loads() does
        return ParseResult(build(read_lines(_lines(data))), ())
    return ParseResult(build(read(text)) if match is None else _from_match(text, match), ())


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
