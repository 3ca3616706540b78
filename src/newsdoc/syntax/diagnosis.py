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

from typing import TYPE_CHECKING, Any, Final

from ..model.chars import C0_NAMES, CONTROLS, SURROGATES
from ..model.errors import ParseError
from ..model.speed import LazyPattern, once
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
_BAD: Final = LazyPattern(f"(?P<surrogates>[{SURROGATES}]+)|[{CONTROLS}]|\\r(?!\\n)")
_BAD_CHAR: Final = LazyPattern(f"[{CONTROLS}{SURROGATES}]|\\r(?!\\n)")
REPLACEMENT: Final = "\ufffd"


def sanitize(text: str) -> str:
    """``text`` with each character the grammar accepts nowhere replaced by U+FFFD.

    Every offset, and so every line and column, stays as it was.
    """
    clean: str = _BAD_CHAR.sub(REPLACEMENT, text)
    return clean


class _Errors:
    """Makes the errors of one text: positions from the reader, source lines from the clean text."""

    def __init__(self, clean: str, structure: Structure) -> None:
        self.clean = clean
        self.structure = structure

    def error(self, code: str, msg: str, pos: int) -> ParseError:
        line, column = self.structure.position(pos)
        starts = self.structure.starts()
        index = line - 1
        start = starts[index] if index < len(starts) else len(self.clean)
        end = self.clean.find("\n", start)
        source_line = self.clean[start : end if end >= 0 else len(self.clean)]
        return ParseError(
            code, msg, line=line, column=column, pos=pos, source_line=source_line.removesuffix("\r")
        )


def _char_errors(text: str, from_bytes: bool, errors: _Errors) -> list[ParseError]:
    found = []
    offset = 0  # byte offset of `done` in the original bytes
    done = 0
    for match in _BAD.finditer(text):
        pos = match.start()
        run = match.group()
        if match.group("surrogates") is None:
            if run == "\r":
                msg = "a lone carriage return (U+000D) is not a line break: use LF or CRLF"
            else:
                msg = f"control character U+{ord(run):04X} ({C0_NAMES[ord(run)]}) is not allowed"
            found.append(errors.error(CONTROL_CHARACTER, msg, pos))
        elif from_bytes:
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
            f"the file is not UTF-8: it looks like {guess}; convert it to UTF-8 "
            f"(first bad byte 0x{data[offset]:02X} at byte offset {offset})"
        )
        return errors.error(INVALID_UTF8, msg, first.pos)
    for index, error in enumerate(found):
        if error.code == INVALID_UTF8:
            hinted = f"{error.msg}; the file looks like {guess}"
            found[index] = errors.error(INVALID_UTF8, hinted, error.pos)
            break
    return None


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


def diagnose(text: str, from_bytes: bool, structure: Structure) -> list[ParseError]:
    """Every problem of a text the grammar rejects, sorted by position.

    ``structure`` is the reader's structure of ``text``.  ``from_bytes``
    says the text was decoded from bytes with "surrogateescape", which
    gives the bytes back exactly when encoded again.
    """
    clean = sanitize(text)
    errors = _Errors(clean, structure)
    found = _char_errors(text, from_bytes, errors)
    if from_bytes and found:
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
            found.extend(
                errors.error(code, _MESSAGES[code], starts[first])
                for first, _ in structure.runs[2:]
                if starts[first] > pos
            )
    found.sort(key=lambda e: (e.pos, e.code))
    return found
