"""The one reader of a dump's lines: where each line starts, what it holds, and the sections.

Every consumer of a dump's structure reads it here, once: the parser builds
the model from it (:mod:`.parser`), the diagnosis of invalid input places
its errors and builds its best-effort document with it (:mod:`.diagnosis`),
and the validator's rules look at its lines and sections
(:mod:`newsdoc.rules`).  The grammar decides whether a text is a valid dump;
the reader says how its lines are laid out, and on a valid dump the two
agree on every section (``tests/test_fastpath.py`` checks it).

A line ends at LF.  Its CR, when it is the first half of a CRLF, is part of
the line break, not of the line.  A line is *blank* when it holds only
spaces and tabs; the runs of non-blank lines are the sections: the body,
the headline list, and in an invalid dump whatever follows.

Everything is computed with C-speed built-ins (``split``, ``map``,
``list.index``): the reader runs on every file of a corpus.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import add, contains
from typing import Final

from ..model.chars import BLANK

__all__ = ["Block", "Structure", "blank_lines", "margins", "read", "read_block", "read_lines"]

BOM: Final = "\ufeff"
_COUNTED: Final = 8
"""How many positions of a text are placed by counting its line breaks, before :meth:`Structure.starts`."""
_COUNTED_SIZE: Final = 8192
"""The longest text whose positions are placed by counting its line breaks."""


class Structure:
    """The lines of a text, their layout, the runs of non-blank lines, and positions.

    (A plain class with slots: it is made for every file, and must be cheap.)
    """

    __slots__ = (
        "_counted",
        "_crlf_set",
        "_shown",
        "_starts",
        "bom",
        "crlf",
        "final_newline",
        "lines",
        "plain",
        "runs",
        "stripped",
        "text",
    )

    text: str | None
    """The text read, or None when it was given as lines (large input read in chunks)."""
    lines: list[str]
    """The lines: the text split at LF, without the empty string after a final LF.
    A line of a CRLF break ends in its CR; the first line keeps the BOM."""
    final_newline: bool
    """Whether the text ends with a line break."""
    bom: bool
    """Whether the text starts with U+FEFF (a byte order mark)."""
    crlf: list[int]
    """The indexes of the lines that end with a CRLF line break."""
    plain: list[str]
    """The lines without their CR (of a CRLF) and, for the first, without the BOM."""
    stripped: list[str]
    """Each plain line without the spaces and tabs around it: empty for a blank line."""
    runs: list[tuple[int, int]]
    """The first and last index of each run of non-blank lines, in order: the
    body, the headline list, and (in an invalid dump) the runs after them."""

    def __init__(self, lines: list[str], text: str | None) -> None:
        final_newline = lines[-1] == "" and len(lines) > 1
        if final_newline:
            lines.pop()
        self.text = text
        self.lines = lines
        self.final_newline = final_newline
        self.bom = bom = lines[0].startswith(BOM)
        count = len(lines)
        crlf: list[int] = []
        plain = lines
        if "\r" in text if text is not None else any(map(contains, lines, repeat("\r"))):
            crlf = list(compress(range(count), map(str.endswith, lines, repeat("\r"))))
            if crlf and crlf[-1] == count - 1 and not final_newline:
                crlf.pop()  # a CR at the very end breaks no line
            if crlf:
                plain = list(lines)
                for index in crlf:
                    plain[index] = plain[index][:-1]
        if bom:
            if plain is lines:
                plain = list(lines)
            plain[0] = plain[0][1:]
        self.crlf = crlf
        self.plain = plain
        self.stripped = stripped = list(map(str.strip, plain, repeat(BLANK)))
        self.runs = _runs(_blank(stripped), count)
        self._starts: list[int] | None = None
        self._counted = 0
        self._crlf_set: frozenset[int] | None = None
        self._shown: dict[int, str] | None = None

    # --- lines -------------------------------------------------------------

    def newline(self, index: int) -> str:
        """The line break after line ``index``: LF, CRLF, or none at the very end."""
        if index == len(self.lines) - 1 and not self.final_newline:
            return ""
        if not self.crlf:
            return "\n"
        crlf = self._crlf_set
        if crlf is None:
            crlf = self._crlf_set = frozenset(self.crlf)
        return "\r\n" if index in crlf else "\n"

    def blank_line(self, index: int) -> str:
        """Blank line ``index`` as layout keeps it: its spaces and tabs and its line break."""
        return self.plain[index] + self.newline(index)

    def indent(self, index: int) -> int:
        """How many spaces and tabs come before line ``index``'s text (after a BOM)."""
        plain = self.plain[index]
        return len(plain) - len(plain.lstrip(BLANK))

    # --- positions -----------------------------------------------------------

    def starts(self) -> list[int]:
        """The offset where each line starts, and one more: the end of the text."""
        starts = self._starts
        if starts is None:
            starts = list(accumulate(map(add, map(len, self.lines), repeat(1)), initial=0))
            starts[-1] = starts[-1] - 1 + self.final_newline
            self._starts = starts
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset (lines end at LF)."""
        starts = self._starts
        if starts is None:
            text = self.text
            if text is not None and offset <= len(text) and self._count():
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            starts = self.starts()
        count = len(self.lines)
        if offset >= starts[count] and self.final_newline:
            return count + 1, 1  # just after the final line break
        index = bisect_right(starts, offset, 0, count) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """The line and column of ``start`` and of ``end`` (``end >= start``)."""
        line, column = self.position(start)
        starts = self._starts
        if starts is None:
            if self.text is not None and self.text.find("\n", start, end) < 0:
                return line, column, line, column + end - start
        elif line < len(starts) and end < starts[line]:  # on the same line (most)
            return line, column, line, column + end - start
        return (line, column, *self.position(end))

    def _count(self) -> bool:
        """Whether to place an offset by counting line breaks, without :meth:`starts`.

        A speed trick (docs/architecture.md, "Speed tricks"): most files have
        a few findings, and counting the LFs before an offset (in C) costs
        less than listing where every line starts; a long text, or the
        ninth position asked of one text, lists them (then each position is
        a binary search).  ``tests/test_reader.py`` checks both ways agree.
        """
        counted = self._counted
        if counted >= _COUNTED or len(self.text or "") > _COUNTED_SIZE:
            return False
        self._counted = counted + 1
        return True

    def line_start(self, index: int) -> int:
        """The offset where line ``index`` starts (``starts()[index]``, counted when cheaper)."""
        starts = self._starts
        if starts is None and self.text is not None and self._count():
            lines = self.lines
            if index >= len(lines):
                return len(self.text)
            if index <= len(lines) // 2:
                return sum(map(len, lines[:index])) + index
            after = lines[index:]
            return len(self.text) + 1 - self.final_newline - sum(map(len, after)) - len(after)
        return (starts or self.starts())[index]

    def text_start(self, index: int) -> int:
        """The offset of the first character of line ``index``'s text (past indentation, BOM)."""
        return self.line_start(index) + self.indent(index) + (1 if index == 0 and self.bom else 0)

    def source_line(self, line: int) -> str:
        """The text of 1-based line ``line`` without its line break ("" past the end).

        Every finding on a line holds this string: a line that ends with a
        CR gives the same copy without it to each (a thousand findings on a
        long line of CRs held a thousand copies).
        """
        index = line - 1
        if index >= len(self.lines):
            return ""
        raw = self.lines[index]
        if not raw.endswith("\r"):
            return raw
        shown = self._shown
        if shown is None:
            shown = self._shown = {}
        text = shown.get(index)
        if text is None:
            text = shown[index] = raw[:-1]
        return text


def read(text: str) -> Structure:
    """Read the structure of a text."""
    return Structure(text.split("\n"), text)


def read_lines(lines: list[str]) -> Structure:
    """Read the structure of a text given as its lines (the text split at LF), without the text.

    For large input, which is decoded a chunk at a time so that the whole
    text and its lines are never in memory together.
    """
    return Structure(lines, None)


def _blank(stripped: list[str]) -> list[int]:
    """The indexes of the empty strings (blank lines), found at C speed."""
    blanks = []
    index = -1
    find = stripped.index
    for _ in range(stripped.count("")):
        index = find("", index + 1)
        blanks.append(index)
    return blanks


def _runs(blanks: list[int], count: int) -> list[tuple[int, int]]:
    """The (first, last) line indexes of each run of non-blank lines."""
    runs = []
    start = 0
    for blank in (*blanks, count):
        if blank > start:
            runs.append((start, blank - 1))
        start = blank + 1
    return runs


def margins(texts: Sequence[str], plain: Sequence[str]) -> tuple[list[str], list[str]]:
    """The spaces and tabs before and after each text in its (plain) line."""
    indents = []
    trailings = []
    for text, raw in zip(texts, plain, strict=True):
        if text is raw:
            indents.append("")
            trailings.append("")
        else:
            start = raw.index(text[0])
            indents.append(raw[:start])
            trailings.append(raw[start + len(text) :])
    return indents, trailings


# --- the blocks of a text the grammar accepts, read one at a time -------------------


class Block:
    """The lines of one block of a text the grammar accepts: the body or the headline list.

    Read by :func:`read_block` from the block's span alone, for the parser,
    which knows the spans from the grammar's match and reads a block only
    when its texts or items are first wanted.  What only the items need
    (the margins, the line breaks) is worked out when asked.  (A plain
    class with slots.)
    """

    __slots__ = ("crlf", "last_newline", "lines", "texts")

    def __init__(self, lines: list[str], crlf: list[int], last_newline: str) -> None:
        self.lines = lines
        """The lines, without their line breaks."""
        self.crlf = crlf
        """The indexes of the lines that end with a CRLF line break (the last one excepted)."""
        self.last_newline = last_newline
        """The line break after the last line."""
        self.texts = list(map(str.strip, lines, repeat(BLANK)))
        """Each line's text, without the spaces and tabs around it."""

    def margins(self) -> tuple[list[str], list[str]] | None:
        """The spaces and tabs before and after each text, or None when there are none at all."""
        texts, lines = self.texts, self.lines
        if texts == lines:  # `is` per line at C speed: the common shape
            return None
        return margins(texts, lines)

    def newlines(self) -> Iterable[str]:
        """The line break after each line."""
        count = len(self.lines)
        if not self.crlf:
            return chain(repeat("\n", count - 1), (self.last_newline,))
        newlines = ["\n"] * (count - 1)
        for index in self.crlf:
            newlines[index] = "\r\n"
        newlines.append(self.last_newline)
        return newlines


def read_block(text: str, start: int, end: int, last_newline: str) -> Block:
    """Read the block ``text[start:end]`` of a text the grammar accepts.

    The block's lines are joined by LF or CRLF; the line break after its
    last line, which the grammar gives to the blank lines after it, is
    ``last_newline``.  The grammar allows no CR but in a CRLF, and no line
    of a block is blank, so each line is split from the others, its CR and
    its spaces and tabs, as :class:`Structure` splits them.
    """
    raw = text[start:end]
    lines = raw.split("\n")
    crlf: list[int] = []
    if "\r" in raw:
        crlf = list(compress(range(len(lines)), map(str.endswith, lines, repeat("\r"))))
        for index in crlf:
            lines[index] = lines[index][:-1]
    return Block(lines, crlf, last_newline)


def blank_lines(span: str) -> tuple[str, ...]:
    """The blank lines of a run of them in a text the grammar accepts, each with its line break.

    The last one may lack its break (at the very end of a text).  Only
    spaces, tabs, LF and the CR of a CRLF are in such a run.
    """
    return tuple(span.splitlines(True))
