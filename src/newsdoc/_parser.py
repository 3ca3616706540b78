"""Parsing: text or bytes to a :class:`NewsDump`, and diagnosing bad input.

``loads`` runs the Lark grammar on the input.  When that fails, ``parse``
diagnoses the input in full (every encoding, character and structural
problem) and ``loads`` raises the first of them, so the two always agree on
the first error.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING, Any, Final, cast

import attrs

from ._encoding import WIDE_ENCODINGS, sniff
from ._errors import ParseError
from ._grammar import lark_parser
from ._model import Headline, Layout, NewsDump, Paragraph, _Item, _make_item

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
_BAD: Final = re.compile(r"(?P<surrogates>[\ud800-\udfff]+)|[\x00-\x08\x0b\x0c\x0e-\x1f]|\r(?!\n)")
_BAD_CHAR: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]|\r(?!\n)")
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


def _split_block(
    cls: type[_Item], block: str, first_line: int, newline_after: str
) -> tuple[Any, ...]:
    """Split a BLOCK token into items; the grammar has checked every line."""
    raw_lines = block.split("\n")
    last = len(raw_lines) - 1
    items = []
    for index, raw in enumerate(raw_lines):
        if index == last:
            newline = newline_after
        elif raw.endswith("\r"):
            raw = raw[:-1]
            newline = "\r\n"
        else:
            newline = "\n"
        items.append(_item(cls, raw, first_line + index, newline))
    return tuple(items)


def _blank_lines(run: str) -> tuple[str, ...]:
    """Split a run of blank lines, each keeping its line break."""
    return tuple(m.group() for m in _LINE.finditer(run) if m.group())


def _build(children: list[Any]) -> NewsDump:
    """Turn the tokens of ``start`` into a NewsDump."""
    bom = False
    leading: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    last_break = ""
    blocks = []
    separator: tuple[str, ...] = ()
    for token in children:
        kind = token.type
        if kind == "BLOCK":
            blocks.append(token)
        elif kind == "SEPARATOR":
            separator = _blank_lines(token)
        elif kind == "TRAILING":
            lines = _blank_lines(token)
            last_break, trailing = lines[0], lines[1:]
        elif kind == "LEADING":
            leading = _blank_lines(token)
        else:  # BOM
            bom = True
    body, headlines = blocks
    return _new_dump(
        _split_block(Paragraph, body, body.line, separator[0]),
        _split_block(Headline, headlines, headlines.line, last_break),
        Layout(bom, leading, separator[1:], trailing),
    )


def _new_dump(body: tuple[Any, ...], headlines: tuple[Any, ...], layout: Layout) -> NewsDump:
    dump = object.__new__(NewsDump)
    object.__setattr__(dump, "body", body)
    object.__setattr__(dump, "headlines", headlines)
    object.__setattr__(dump, "layout", layout)
    return dump


class _Transformer:
    """The inline transformer: lark calls it at each reduction, building no tree."""

    __slots__ = ()

    def start(self, children: list[Any]) -> NewsDump:
        return _build(children)

    def body(self, children: list[Any]) -> Any:
        return children[0]

    headlines = body


_TRANSFORMER: Final = _Transformer()


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data).decode("utf-8")
    raise TypeError(f"expected str or bytes, not {type(data).__name__}")


def _try_grammar(data: str | bytes) -> NewsDump | None:
    """Run the grammar; None when the input is not a valid dump."""
    from lark.exceptions import LarkError

    try:
        return cast(NewsDump, lark_parser(_TRANSFORMER).parse(_decode(data)))
    except (UnicodeDecodeError, LarkError):
        return None


def loads(data: str | bytes) -> NewsDump:
    """Parse a news dump from ``str`` or UTF-8 ``bytes``.

    Raises :class:`ParseError` for the first problem in the input, by
    position; :func:`parse` reports them all.
    """
    document = _try_grammar(data)
    if document is not None:
        return document
    raise _diagnose(data).errors[0]


def parse(data: str | bytes) -> ParseResult:
    """Parse a news dump and report every problem in it.

    Never raises for bad content (only ``TypeError`` for an argument that is
    neither str nor bytes).
    """
    document = _try_grammar(data)
    if document is not None:
        return ParseResult(document, ())
    return _diagnose(data)


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


def _diagnose(data: str | bytes) -> ParseResult:
    raw: bytes | None = None
    if isinstance(data, str):
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        text = raw.decode("utf-8", "surrogateescape")
    else:
        raise TypeError(f"expected str or bytes, not {type(data).__name__}")
    from_bytes = raw is not None
    clean = _BAD_CHAR.sub(REPLACEMENT, text)
    positions = _Positions(clean)
    errors = _char_errors(text, from_bytes, positions)
    if raw is not None and errors:
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
