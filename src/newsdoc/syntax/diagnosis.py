"""Diagnosing a text the grammar rejects: every encoding, character and structural problem.

The problems have the codes ``ND001`` to ``ND006`` (docs/spec.md;
:mod:`newsdoc.rules.structure` documents them as rules).  Characters the
grammar accepts nowhere are found by one scan; the text is then sanitised
(each such character replaced by U+FFFD, which keeps every offset) and the
Lark parser names the structural problem by the parser state it fails in,
as lark's ``match_examples`` does.  Positions come from the reader
(:mod:`.reader`): a sanitised text has the same lines as the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from ..model.chars import C0_NAMES, CONTROLS, SURROGATES, expand
from ..model.diagnostic import DEFAULT_LIMIT, omitted_message
from ..model.errors import ParseError
from ..model.speed import LazyPattern, once
from .binary import binary_kind, compression, damage
from .encoding import WIDE_ENCODINGS, sniff
from .grammar import lark_parser
from .reader import Structure

if TYPE_CHECKING:
    from lark.exceptions import UnexpectedInput

__all__ = [
    "CONTROL_CHARACTER",
    "EMPTY_DOCUMENT",
    "INVALID_UTF8",
    "MISSING_HEADLINES",
    "MISSING_SEPARATOR",
    "NOT_A_DUMP",
    "NOT_UTF8",
    "REPLACEMENT",
    "SECOND_SEPARATOR",
    "diagnose",
    "sanitize",
]

# Rule codes of the problems the parser reports (see docs/spec.md).
INVALID_UTF8: Final = "ND001"
CONTROL_CHARACTER: Final = "ND002"
EMPTY_DOCUMENT: Final = "ND003"
MISSING_SEPARATOR: Final = "ND004"
MISSING_HEADLINES: Final = "ND005"
SECOND_SEPARATOR: Final = "ND006"

_MESSAGES: Final = {
    EMPTY_DOCUMENT: "the document is empty or holds only blank lines; "
    "it needs a body, a blank line and a headline list",
    MISSING_SEPARATOR: "the body is not followed by a blank line and a headline list",
    MISSING_HEADLINES: "the blank lines after the body are not followed by a headline list",
    SECOND_SEPARATOR: "a document has one separator: this text follows a second "
    "run of blank lines after the headline list",
}

# Malformed inputs that end in each structural error.  As with lark's
# match_examples, the parser state an error happens in names the problem;
# each example is tried after every optional prefix (BOM, leading blank
# lines), since those give the LALR automaton states of their own.
_EXAMPLES: Final = {
    EMPTY_DOCUMENT: ["", " ", "\n", "\n "],
    MISSING_SEPARATOR: ["a", "a\n", "a\n "],
    MISSING_HEADLINES: ["a\n\n", "a\n\n "],
    SECOND_SEPARATOR: ["a\n\nb\n\nc"],
}
_PREFIXES: Final = ("", "\ufeff", "\n", "\ufeff\n")

# What the grammar accepts nowhere: the controls, a CR that does not start a
# CRLF, and surrogates (undecodable bytes, after decoding with
# "surrogateescape", or lone surrogates in a str), a run of which is one
# problem.  tests/test_grammar.py checks that this agrees with the grammar.
_CONTROL: Final = LazyPattern(f"[{CONTROLS}]|\\r(?!\\n)")
_SURROGATE_RUN: Final = LazyPattern(f"[{SURROGATES}]+")
_BAD_CHAR: Final = LazyPattern(f"[{CONTROLS}{SURROGATES}]|\\r(?!\\n)")
REPLACEMENT: Final = "\ufffd"
NOT_UTF8: Final = "the file is not UTF-8"
"""How the one error of a file in another encoding (UTF-16, UTF-32) starts."""
NOT_A_DUMP: Final = "the file is not a news dump"
"""How the one error of binary data (compressed, an archive, a PDF...) starts."""


def sanitize(text: str) -> str:
    """``text`` with each character the grammar accepts nowhere replaced by U+FFFD.

    Every offset, and so every line and column, stays as it was.  Text with
    few such characters takes a regular expression; text with many (a
    hostile file of control characters) a translation table, whose memory
    and time are linear in the text (a substitution would keep a list entry
    per character replaced).
    """
    few: str
    few, count = _BAD_CHAR.subn(REPLACEMENT, text, _FEW)
    if count < _FEW:
        return few
    del few
    # A CR becomes a surrogate, which no clean text otherwise holds (they
    # are replaced); the CRs of CRLF line breaks are then put back.
    clean = text.translate(_table())
    if "\r" in text:
        clean = clean.replace(_CR_MARK + "\n", "\r\n").replace(_CR_MARK, REPLACEMENT)
    return clean


_FEW: Final = 4096
_CR_MARK: Final = "\udfff"


@once
def _table() -> dict[int, str]:
    table = dict.fromkeys(map(ord, expand(CONTROLS + SURROGATES)), REPLACEMENT)
    table[ord("\r")] = _CR_MARK
    return table


def _count_controls(text: str) -> int:
    """How many control characters and lone CRs ``text`` holds, at C speed, in one copy's memory."""
    controls = len(text) - len(text.translate(_deletions()))
    crs = text.count("\r")
    return controls + (crs - text.count("\r\n") if crs else 0)


@once
def _deletions() -> dict[int, None]:
    return dict.fromkeys(map(ord, expand(CONTROLS)))


def _count_surrogate_runs(text: str) -> int:
    """How many runs of surrogates ``text`` holds, a chunk at a time (bounded memory)."""
    total = 0
    length = len(text)
    for start in range(0, length, _CHUNK):
        end = min(start + _CHUNK, length)
        total += _SURROGATE_RUN.subn("", text[start:end])[1]
        if end < length and _IS_SURROGATE.match(text, end - 1, end + 1):
            total -= 1  # one run cut in two: counted twice
    return total


_CHUNK: Final = 1 << 20
_IS_SURROGATE: Final = LazyPattern(f"[{SURROGATES}]{{2}}")


class _Errors:
    """Makes the errors of one text: positions from the reader, source lines from the clean text.

    The errors of one line share one copy of it (an 80 KB line of control
    characters gives one 80 KB string, not one per error), and at most
    ``limit`` errors of a code are made: the rest are counted, and
    :meth:`summary` gives one more error that says how many were left out.
    """

    def __init__(self, clean: str, structure: Structure, limit: int | None) -> None:
        self.clean = clean
        self.structure = structure
        self.limit = limit
        self._lines: dict[int, str] = {}
        self.left_out: list[tuple[str, int, int]] = []
        """(code, count, offset of the first) of the errors left out past the limit."""

    def source_line(self, index: int) -> str:
        """Line ``index`` of the clean text without its line break, one copy for all its errors."""
        shown = self._lines.get(index)
        if shown is None:
            starts = self.structure.starts()
            start = starts[index] if index < len(starts) else len(self.clean)
            end = self.clean.find("\n", start)
            shown = self.clean[start : end if end >= 0 else len(self.clean)].removesuffix("\r")
            self._lines[index] = shown
        return shown

    def error(self, code: str, msg: str, pos: int) -> ParseError:
        line, column = self.structure.position(pos)
        return ParseError(
            code, msg, line=line, column=column, pos=pos, source_line=self.source_line(line - 1)
        )

    def summary(self, code: str, count: int, pos: int) -> ParseError:
        """The error that stands for ``count`` more errors of ``code``, the first at ``pos``."""
        error = self.error(code, omitted_message(count, code, self.limit or 0), pos)
        error.omitted = count
        return error

    def capped(
        self, code: str, matches: Iterator[re.Match[str]], rest: Callable[[], int]
    ) -> Iterator[re.Match[str]]:
        """The first ``limit`` of ``matches``; the next one, if any, ends it with a summary.

        ``rest`` counts the matches of the whole text (at C speed), so the
        ones past the limit are never iterated in Python.
        """
        for seen, match in enumerate(matches):
            if self.limit is not None and seen == self.limit:
                self.left_out.append((code, rest() - seen, match.start()))
                return
            yield match


def _char_errors(text: str, from_bytes: bool, errors: _Errors) -> list[ParseError]:
    found = []
    for match in errors.capped(
        CONTROL_CHARACTER, _CONTROL.finditer(text), lambda: _count_controls(text)
    ):
        run = match.group()
        if run == "\r":
            msg = "a lone carriage return (U+000D) is not a line break: use LF or CRLF"
        else:
            msg = f"control character U+{ord(run):04X} ({C0_NAMES[ord(run)]}) is not allowed"
        found.append(errors.error(CONTROL_CHARACTER, msg, match.start()))
    offset = 0  # byte offset of `done` in the original bytes
    done = 0
    for match in errors.capped(
        INVALID_UTF8, _SURROGATE_RUN.finditer(text), lambda: _count_surrogate_runs(text)
    ):
        pos = match.start()
        run = match.group()
        if from_bytes:
            offset += len(text[done:pos].encode("utf-8", "surrogateescape"))
            done = pos
            raw = run.encode("utf-8", "surrogateescape")
            shown = " ".join(f"0x{b:02X}" for b in raw[:4]) + (" ..." if len(raw) > 4 else "")
            noun = "byte" if len(raw) == 1 else f"{len(raw)} bytes"
            msg = f"invalid UTF-8: {noun} {shown} at byte offset {offset} cannot be decoded"
            found.append(errors.error(INVALID_UTF8, msg, pos))
        else:
            msg = f"lone surrogate U+{ord(run[0]):04X} cannot be encoded as UTF-8"
            found.append(errors.error(INVALID_UTF8, msg, pos))
    found.sort(key=_by_position)
    found.extend(errors.summary(code, count, pos) for code, count, pos in errors.left_out)
    return found


def _state(error: UnexpectedInput) -> Any:
    state = error.state
    return getattr(state, "position", state)


@once
def _labels() -> dict[Any, str]:
    """Map each parser state an error can happen in to the problem's code."""
    from lark.exceptions import UnexpectedInput

    parser = lark_parser(None)
    labels: dict[Any, str] = {}
    for label, examples in _EXAMPLES.items():
        for prefix in _PREFIXES:
            for example in examples:
                try:
                    parser.parse(prefix + example)
                except UnexpectedInput as error:
                    labels.setdefault(_state(error), label)
                else:  # pragma: no cover - the examples are all malformed
                    raise AssertionError(f"example {prefix + example!r} parsed")
    return labels


def _wrong_encoding(
    data: bytes, text: str, found: list[ParseError], errors: _Errors
) -> ParseError | None:
    """Name the likely encoding of bytes that are not UTF-8.

    A UTF-16 or UTF-32 file gives one error, not one per character.  For
    Latin-1 text, the first undecodable byte's message says so.
    """
    guess = sniff(data)
    if guess is None:
        return None
    first = found[0]
    if guess.startswith(WIDE_ENCODINGS):
        offset = len(text[: first.pos].encode("utf-8", "surrogateescape"))
        msg = (
            f"{NOT_UTF8}: it looks like {guess}; convert it to UTF-8 "
            f"(first bad byte 0x{data[offset]:02X} at byte offset {offset})"
        )
        return errors.error(INVALID_UTF8, msg, first.pos)
    for index, error in enumerate(found):
        if error.code == INVALID_UTF8:
            hinted = f"{error.msg}; the file looks like {guess}"
            found[index] = errors.error(INVALID_UTF8, hinted, error.pos)
            break
    return None


def _by_position(error: ParseError) -> tuple[int, str]:
    return error.pos, error.code


def _binary(text: str) -> str | None:
    """The one message for binary data (decoded with "surrogateescape"), named by its first bytes.

    Compressed data is said to be damaged when it does not decompress (a
    compressed file that does, newsdoc's readers decompress before parsing).
    """
    head = text[:1024].encode("utf-8", "surrogateescape")
    kind = compression(head)
    if kind is not None:
        reason = damage(text.encode("utf-8", "surrogateescape"), kind)
        if reason is None:
            return f"{NOT_A_DUMP}: it is {kind}-compressed data (by its first bytes); decompress it"
        return (
            f"{NOT_A_DUMP}: it is {kind}-compressed data (by its first bytes) that does not "
            f"decompress, damaged or truncated ({reason})"
        )
    label = binary_kind(head)
    if label is None:
        return None
    return f"{NOT_A_DUMP}: it is {label} (by its first bytes)"


def _structure_error(clean: str) -> tuple[str, int] | None:
    """Run the grammar on sanitised text; name the structural problem and its position."""
    from lark.exceptions import UnexpectedInput

    try:
        lark_parser(None).parse(clean)
    except UnexpectedInput as error:
        label = _labels().get(_state(error))
        if label is None:  # pragma: no cover - tests check every state is labelled
            raise AssertionError(f"unlabelled parser error: {error!r}") from None
        return label, _error_pos(label, error, clean)
    return None


def _error_pos(label: str, error: UnexpectedInput, text: str) -> int:
    if label == EMPTY_DOCUMENT:
        return 0
    token = getattr(error, "token", None)
    if token is not None and token.type == "$END":
        return len(text)
    return error.pos_in_stream or 0


def diagnose(
    text: str, from_bytes: bool, structure: Structure, limit: int | None = DEFAULT_LIMIT
) -> list[ParseError]:
    """Every problem of a text the grammar rejects, sorted by position.

    ``structure`` is the reader's structure of ``text``.  ``from_bytes``
    says the text was decoded from bytes with "surrogateescape", which
    gives the bytes back exactly when encoded again.  At most ``limit``
    errors of a code are listed (None: all); one more, at the first one left
    out, says how many more there are.
    """
    clean = sanitize(text)
    errors = _Errors(clean, structure, limit)
    found = _char_errors(text, from_bytes, errors)
    if from_bytes and found:
        binary = _binary(text)
        if binary is not None:
            return [errors.error(INVALID_UTF8, binary, 0)]
        raw = text.encode("utf-8", "surrogateescape")
        wrong = _wrong_encoding(raw, text, found, errors)
        if wrong is not None:
            return [wrong]
    problem = _structure_error(clean)
    if problem is not None:
        code, pos = problem
        found.append(errors.error(code, _MESSAGES[code], pos))
        if code == SECOND_SEPARATOR:
            starts = structure.starts()
            later = [first for first, _ in structure.runs[2:] if starts[first] > pos]
            shown = later if limit is None else later[: max(limit - 1, 0)]
            found.extend(errors.error(code, _MESSAGES[code], starts[first]) for first in shown)
            if len(shown) < len(later):
                more = later[len(shown)]
                found.append(errors.summary(code, len(later) - len(shown), starts[more]))
    found.sort(key=_by_position)
    return found
