"""Parsing: text or bytes to a :class:`NewsDump`, and diagnosing bad input.

``loads`` first tries the fast path, one regular expression composed from
the grammar (:mod:`newsdoc.syntax.fastpath`); when it does not match, the Lark
parser runs the grammar itself.  Both give the spans of the same tokens,
and :func:`_assemble` builds the model from them.  When the grammar rejects
the input, ``parse`` diagnoses it in full (every encoding, character and
structural problem) and ``loads`` raises the first of them, so the two
always agree on the first error.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ..model.document import Headline, Layout, NewsDump, Paragraph, _Item, _make_item, _new_layout
from ..model.errors import ParseError
from ..model.speed import LazyPattern
from .encoding import WIDE_ENCODINGS, sniff
from .fastpath import SECTIONS
from .grammar import fast_pattern, lark_parser

if TYPE_CHECKING:
    from lark.exceptions import UnexpectedInput

__all__ = ["ParseResult", "loads", "parse"]

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

_C0_NAMES: Final = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]

# What the grammar accepts nowhere: a run of surrogates (undecodable bytes,
# after decoding with "surrogateescape", or lone surrogates in a str), a C0
# control other than TAB and the LF of a line break, or a CR that does not
# start a CRLF.  tests/test_grammar.py checks that this agrees with the grammar.
_BAD: Final = LazyPattern(r"(?P<surrogates>[\ud800-\udfff]+)|[\x00-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)")
_BAD_CHAR: Final = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]|\r(?!\n)")
_LINE: Final = re.compile(r"([^\n]*?)(\r?\n|\Z)")
_BLANK: Final = " \t"
REPLACEMENT: Final = "\ufffd"


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


# --- lines and items ---------------------------------------------------------


def _item(cls: type[_Item], raw: str, line: int, newline: str) -> Any:
    text = raw.strip(_BLANK)
    if len(text) == len(raw):
        return _make_item(cls, text, line, "", "", newline)
    start = raw.index(text[0])
    return _make_item(cls, text, line, raw[:start], raw[start + len(text) :], newline)


def _items(cls: type[_Item], lines: list[str], first: int, stop: int, last: int) -> tuple[Any, ...]:
    """Build the items of ``lines[first:stop]``; ``lines[last]`` is the file's last line.

    The grammar has checked every line: each is non-blank, and a CR can
    only be the first half of a CRLF.
    """
    make = _make_item
    items = []
    for index in range(first, stop):
        raw = lines[index]
        if index == last:
            newline = ""
        elif raw[-1] == "\r":
            raw = raw[:-1]
            newline = "\r\n"
        else:
            newline = "\n"
        text = raw.strip(_BLANK)
        if text is raw:  # the common case: no indentation and no trailing whitespace
            items.append(make(cls, text, index + 1, "", "", newline))
        else:
            start = raw.index(text[0])
            items.append(make(cls, text, index + 1, raw[:start], raw[start + len(text) :], newline))
    return tuple(items)


class _Sections:
    """Where the sections of an accepted text are, as 0-based line indices.

    (A plain class: a NamedTuple costs about 1 ms of every start to create.)
    """

    __slots__ = ("bom", "first_body", "first_head", "stop_body", "stop_head")

    def __init__(
        self, bom: bool, first_body: int, stop_body: int, first_head: int, stop_head: int
    ) -> None:
        self.bom = bom
        self.first_body = first_body
        self.stop_body = stop_body  # one past the last body line
        self.first_head = first_head
        self.stop_head = stop_head


def _sections(text: str, spans: Mapping[str, tuple[int, int]]) -> _Sections:
    """Turn the spans of the tokens of an accepted text into line indices.

    ``spans`` maps ``body`` and ``headlines`` (the two BLOCK tokens) and the
    ``BOM``, ``LEADING``, ``SEPARATOR`` and ``TRAILING`` tokens to their
    (start, end) offsets; an absent optional token is missing or (-1, -1).
    The fast path and the Lark parser both end here, so the model depends
    only on the tokens.
    """
    body_start, body_end = spans["body"]
    head_start, head_end = spans["headlines"]
    first_body = text.count("\n", 0, body_start)
    stop_body = first_body + text.count("\n", body_start, body_end) + 1
    first_head = stop_body - 1 + text.count("\n", body_end, head_start)
    stop_head = first_head + text.count("\n", head_start, head_end) + 1
    bom = spans.get("BOM", (-1, -1))[0] == 0
    return _Sections(bom, first_body, stop_body, first_head, stop_head)


# Above this many lines, the cyclic garbage collector is paused while the
# items are built.  They hold only strings and ints, so they can form no
# reference cycle, and each full collection walks the whole growing heap:
# for a 100 MB dump that made loading 1.6 times slower, and its cost per
# byte grow with the size.  A collector that was off stays off.
_MANY_LINES: Final = 50_000


def _build(lines: list[str], where: _Sections) -> NewsDump:
    """Build the NewsDump from every line of the text (split at LF) and its sections."""
    pause = len(lines) > _MANY_LINES and gc.isenabled()
    if pause:
        gc.disable()
    try:
        return _build_items(lines, where)
    finally:
        if pause:
            gc.enable()


def _build_items(lines: list[str], where: _Sections) -> NewsDump:
    if where.bom:
        lines[0] = lines[0][1:]
    last = len(lines) - 1
    trailing = [line + "\n" for line in lines[where.stop_head : last]]
    if where.stop_head <= last and lines[last]:
        trailing.append(lines[last])  # a last blank line without a line break
    layout = _new_layout(
        where.bom,
        tuple([line + "\n" for line in lines[: where.first_body]]),
        tuple([line + "\n" for line in lines[where.stop_body : where.first_head]]),
        tuple(trailing),
    )
    return _new_dump(
        _items(Paragraph, lines, where.first_body, where.stop_body, last),
        _items(Headline, lines, where.first_head, where.stop_head, last),
        layout,
    )


def _assemble(text: str, spans: Mapping[str, tuple[int, int]]) -> NewsDump:
    """Build the NewsDump of an accepted text from the spans of its tokens."""
    return _build(text.split("\n"), _sections(text, spans))


def _new_dump(body: tuple[Any, ...], headlines: tuple[Any, ...], layout: Layout) -> NewsDump:
    dump = object.__new__(NewsDump)
    object.__setattr__(dump, "body", body)
    object.__setattr__(dump, "headlines", headlines)
    object.__setattr__(dump, "layout", layout)
    return dump


class _Transformer:
    """The inline transformer: lark calls it at each reduction, building no tree.

    It gives the spans of the sections, which :func:`_assemble` turns into
    the model, as it does for the fast path.
    """

    __slots__ = ()

    def start(self, children: list[Any]) -> dict[str, tuple[int, int]]:
        spans = {}
        for child in children:
            if isinstance(child, tuple):  # a section named by its rule
                name, start, end = child
            else:  # a token
                name, start, end = child.type, child.start_pos, child.end_pos
            spans[name] = (start, end)
        return spans

    def body(self, children: list[Any]) -> tuple[str, int, int]:
        return ("body", children[0].start_pos, children[0].end_pos)

    def headlines(self, children: list[Any]) -> tuple[str, int, int]:
        return ("headlines", children[0].start_pos, children[0].end_pos)


_TRANSFORMER: Final = _Transformer()


def _decode(data: str | bytes) -> tuple[str, bool]:
    """The text to parse, and whether it came from bytes.

    Bytes are decoded with "surrogateescape": undecodable bytes become lone
    surrogates, which the grammar rejects and the diagnosis reports (with
    their byte offsets) as ``ND001``.
    """
    if isinstance(data, str):
        return data, False
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data).decode("utf-8", "surrogateescape"), True
    raise TypeError(f"expected str or bytes, not {type(data).__name__}")


def _spans(text: str) -> dict[str, tuple[int, int]] | None:
    """The sections of a valid dump, or None when the text is not one.

    The fast path's single regular expression comes first; when it does
    not match, the Lark parser decides (and for an invalid text, the
    diagnosis runs it again to find the problem).
    """
    fast = fast_pattern()
    if fast is not None:
        match = fast.match(text)
        if match is not None:
            return {name: match.span(name) for name in SECTIONS}
    from lark.exceptions import LarkError

    try:
        return cast(dict[str, tuple[int, int]], lark_parser(_TRANSFORMER).parse(text))
    except LarkError:
        return None


# Bytes of more characters than this are split into lines a chunk at a time.
_CHUNK: Final = 1 << 19


def _try_load(data: str | bytes) -> NewsDump | None:
    """The document, or None when the input is not a valid dump."""
    text, _ = _decode(data)
    spans = _spans(text)
    if spans is None:
        return None
    where = _sections(text, spans)
    if isinstance(data, str) or len(text) <= _CHUNK:
        return _build(text.split("\n"), where)
    # A str takes two or four bytes a character as soon as one character is
    # past U+00FF; the lines, one more time as much.  Drop the whole text
    # and decode the lines from the bytes a chunk at a time, so that a large
    # file costs the bytes and the lines, not the text on top.
    del text
    return _build(_lines_from_bytes(bytes(data)), where)


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


def loads(data: str | bytes) -> NewsDump:
    """Parse a news dump from ``str`` or UTF-8 ``bytes``.

    Raises :class:`ParseError` for the first problem in the input, by
    position; :func:`parse` reports them all.
    """
    document = _try_load(data)
    if document is None:
        raise _diagnose(*_decode(data)).errors[0]
    return document


def parse(data: str | bytes) -> ParseResult:
    """Parse a news dump and report every problem in it.

    Never raises for bad content (only ``TypeError`` for an argument that is
    neither str nor bytes).
    """
    document = _try_load(data)
    if document is None:
        return _diagnose(*_decode(data))
    return ParseResult(document, ())


def problems(data: str | bytes) -> tuple[ParseError, ...]:
    """The errors :func:`parse` reports, without building the document of a valid input.

    For the validator, which reads the text itself: a valid dump (the common
    case) costs only the fast path's match.
    """
    text, from_bytes = _decode(data)
    fast = fast_pattern()
    if fast is not None and fast.match(text) is not None:
        return ()  # the fast path's spans are not needed
    if _spans(text) is not None:
        return ()
    return _diagnose(text, from_bytes).errors


# --- diagnosis -------------------------------------------------------------------


class _Positions:
    """Maps character offsets to 1-based lines and columns (lines end at LF)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def error(self, code: str, msg: str, pos: int) -> ParseError:
        index = bisect_right(self.starts, pos) - 1
        start = self.starts[index]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        source_line = self.text[start:end].removesuffix("\r")
        return ParseError(
            code, msg, line=index + 1, column=pos - start + 1, pos=pos, source_line=source_line
        )


def _char_errors(text: str, from_bytes: bool, positions: _Positions) -> list[ParseError]:
    errors = []
    offset = 0  # byte offset of `done` in the original bytes
    done = 0
    for match in _BAD.finditer(text):
        pos = match.start()
        run = match.group()
        if match.group("surrogates") is None:
            if run == "\r":
                msg = "a lone carriage return (U+000D) is not a line break: use LF or CRLF"
            else:
                msg = f"control character U+{ord(run):04X} ({_C0_NAMES[ord(run)]}) is not allowed"
            errors.append(positions.error(CONTROL_CHARACTER, msg, pos))
        elif from_bytes:
            offset += len(text[done:pos].encode("utf-8", "surrogateescape"))
            done = pos
            raw = run.encode("utf-8", "surrogateescape")
            shown = " ".join(f"0x{b:02X}" for b in raw[:4]) + (" ..." if len(raw) > 4 else "")
            noun = "byte" if len(raw) == 1 else f"{len(raw)} bytes"
            msg = f"invalid UTF-8: {noun} {shown} at byte offset {offset} cannot be decoded"
            errors.append(positions.error(INVALID_UTF8, msg, pos))
        else:
            msg = f"lone surrogate U+{ord(run[0]):04X} cannot be encoded as UTF-8"
            errors.append(positions.error(INVALID_UTF8, msg, pos))
    return errors


def _state(error: UnexpectedInput) -> Any:
    state = error.state
    return getattr(state, "position", state)


@cache
def _labels() -> dict[Any, str]:
    """Map each parser state an error can happen in to the problem's code."""
    from lark.exceptions import UnexpectedInput

    parser = lark_parser(_TRANSFORMER)
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
    data: bytes, text: str, errors: list[ParseError], positions: _Positions
) -> ParseError | None:
    """Name the likely encoding of bytes that are not UTF-8.

    A UTF-16 or UTF-32 file gives one error, not one per character.  For
    Latin-1 text, the first undecodable byte's message says so.
    """
    guess = sniff(data)
    if guess is None:
        return None
    first = errors[0]
    if guess.startswith(WIDE_ENCODINGS):
        offset = len(text[: first.pos].encode("utf-8", "surrogateescape"))
        msg = (
            f"the file is not UTF-8: it looks like {guess}; convert it to UTF-8 "
            f"(first bad byte 0x{data[offset]:02X} at byte offset {offset})"
        )
        return positions.error(INVALID_UTF8, msg, first.pos)
    for index, error in enumerate(errors):
        if error.code == INVALID_UTF8:
            hinted = f"{error.msg}; the file looks like {guess}"
            errors[index] = positions.error(INVALID_UTF8, hinted, error.pos)
            break
    return None


def _structure_error(text: str) -> tuple[str, int] | None:
    """Run the grammar on sanitised text; name the structural problem and its position."""
    from lark.exceptions import UnexpectedInput

    try:
        lark_parser(_TRANSFORMER).parse(text)
    except UnexpectedInput as error:
        label = _labels().get(_state(error))
        if label is None:  # pragma: no cover - tests check every state is labelled
            raise AssertionError(f"unlabelled parser error: {error!r}") from None
        return label, _error_pos(label, error, text)
    return None


def _error_pos(label: str, error: UnexpectedInput, text: str) -> int:
    if label == EMPTY_DOCUMENT:
        return 0
    token = getattr(error, "token", None)
    if token is not None and token.type == "$END":
        return len(text)
    return error.pos_in_stream or 0


def _diagnose(text: str, from_bytes: bool) -> ParseResult:
    """Find every problem in a text the grammar rejects.

    ``from_bytes`` says the text was decoded from bytes with
    "surrogateescape", which gives the bytes back exactly when encoded again.
    """
    clean = _BAD_CHAR.sub(REPLACEMENT, text)
    positions = _Positions(clean)
    errors = _char_errors(text, from_bytes, positions)
    if from_bytes and errors:
        raw = text.encode("utf-8", "surrogateescape")
        wrong = _wrong_encoding(raw, text, errors, positions)
        if wrong is not None:
            return ParseResult(None, (wrong,))
    document, extra = _best_effort(clean)
    structure = _structure_error(clean)
    if structure is not None:
        code, pos = structure
        errors.append(positions.error(code, _MESSAGES[code], pos))
        if code == SECOND_SEPARATOR:
            errors.extend(
                positions.error(code, _MESSAGES[code], start) for start in extra if start > pos
            )
    errors.sort(key=lambda e: (e.pos, e.code))
    return ParseResult(document, tuple(errors))


def _best_effort(text: str) -> tuple[NewsDump | None, list[int]]:
    """Group lines into runs of non-blank lines: body, headlines, and the rest.

    Returns the document built from the first two runs (None if there are
    fewer) and the start offsets of the runs after them.
    """
    bom = text.startswith("\ufeff")
    start = 1 if bom else 0
    runs: list[list[tuple[str, int, str]]] = []
    blanks: list[list[str]] = [[]]
    extra: list[int] = []
    line = 1
    previous_blank = True
    for match in _LINE.finditer(text, start):
        raw, newline = match.group(1), match.group(2)
        if not raw and not newline:
            break
        if raw.strip(_BLANK):
            if previous_blank:
                if len(runs) >= 2:
                    extra.append(match.start())
                runs.append([])
                blanks.append([])
            runs[-1].append((raw, line, newline))
            previous_blank = False
        else:
            blanks[-1].append(raw + newline)
            previous_blank = True
        line += 1
    if len(runs) < 2:
        return None, extra
    body = tuple(_item(Paragraph, raw, n, nl or "\n") for raw, n, nl in runs[0])
    headlines = tuple(_item(Headline, raw, n, nl) for raw, n, nl in runs[1])
    trailing = blanks[2] if len(runs) == 2 else []
    layout = Layout(bom, blanks[0], blanks[1] or ["\n"], trailing)
    return _new_dump(body, headlines, layout), extra
