"""Character tables and character-level checks: invisible characters, quotes, mojibake.

The validator finds every character of interest with one scan of the text
(:data:`SCAN`), then looks each one up in :data:`KIND`.  A character belongs
to at most one kind.
"""

from __future__ import annotations

import re
from typing import Final

from ..model.speed import LazyPattern

__all__ = ["KIND", "SCAN", "char_name", "cp1252_for", "curly_for", "mojibake_at", "quote_name"]

# Kinds of character, each handled by one rule (or, for quotes and
# brackets, collected for the quote-style and balance checks).
INVISIBLE: Final = 1
UNUSUAL_SPACE: Final = 2
LINE_SEPARATOR: Final = 3
BIDI: Final = 4
REPLACEMENT: Final = 5
MOJIBAKE_LEAD: Final = 6
STRAIGHT_QUOTE: Final = 7
CURLY_QUOTE: Final = 8
BRACKET: Final = 9

_NAMES: Final = {
    "\u00a0": "NO-BREAK SPACE",
    "\u00ad": "SOFT HYPHEN",
    "\u034f": "COMBINING GRAPHEME JOINER",
    "\u115f": "HANGUL CHOSEONG FILLER",
    "\u1160": "HANGUL JUNGSEONG FILLER",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u2000": "EN QUAD",
    "\u2001": "EM QUAD",
    "\u2002": "EN SPACE",
    "\u2003": "EM SPACE",
    "\u2004": "THREE-PER-EM SPACE",
    "\u2005": "FOUR-PER-EM SPACE",
    "\u2006": "SIX-PER-EM SPACE",
    "\u2007": "FIGURE SPACE",
    "\u2008": "PUNCTUATION SPACE",
    "\u200a": "HAIR SPACE",
    "\u200b": "ZERO WIDTH SPACE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u205f": "MEDIUM MATHEMATICAL SPACE",
    "\u2060": "WORD JOINER",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u206a": "INHIBIT SYMMETRIC SWAPPING",
    "\u206b": "ACTIVATE SYMMETRIC SWAPPING",
    "\u206c": "INHIBIT ARABIC FORM SHAPING",
    "\u206d": "ACTIVATE ARABIC FORM SHAPING",
    "\u206e": "NATIONAL DIGIT SHAPES",
    "\u206f": "NOMINAL DIGIT SHAPES",
    "\u3164": "HANGUL FILLER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
    "\ufffd": "REPLACEMENT CHARACTER",
    "\u0085": "NEXT LINE",
}


def char_name(char: str) -> str:
    """``U+XXXX NAME`` for the characters the rules report."""
    name = _NAMES.get(char)
    if name is None:  # the C1 controls have no Unicode name
        name = "C1 CONTROL" if "\x80" <= char <= "\x9f" else "CHARACTER"
    return f"U+{ord(char):04X} {name}"


def _chars(spec: str) -> str:
    """Expand ``a-b`` ranges in a character list."""
    out: list[str] = []
    index = 0
    while index < len(spec):
        if index + 2 < len(spec) and spec[index + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[index]), ord(spec[index + 2]) + 1))
            index += 3
        else:
            out.append(spec[index])
            index += 1
    return "".join(out)


# The windows-1252 characters for bytes 0x80-0x9F (the undefined five map to
# the C1 control of the same number, as browsers do).
_CP1252_HIGH: Final = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
_BYTE_OF: Final = {char: 0x80 + index for index, char in enumerate(_CP1252_HIGH)}
_BYTE_OF.update({chr(code): code for code in range(0x80, 0x100)})


def cp1252_for(char: str) -> str | None:
    """The Windows-1252 character a C1 control stands for, if it is one read as Latin-1."""
    if not "\x80" <= char <= "\x9f":
        return None
    meant = _CP1252_HIGH[ord(char) - 0x80]
    return None if meant == char else meant


_KINDS: Final = {
    INVISIBLE: _chars(
        "\x80-\x84\x86-\x9f\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u206a-\u206f"
        "\u3164\ufeff\uffa0"
    ),
    UNUSUAL_SPACE: _chars("\u00a0\u2000-\u2008\u200a\u205f"),
    LINE_SEPARATOR: "\u0085\u2028\u2029",
    BIDI: _chars("\u202a-\u202e\u2066-\u2069"),
    REPLACEMENT: "\ufffd",
    MOJIBAKE_LEAD: _chars("\u00c2-\u00f4"),
    STRAIGHT_QUOTE: "'\"",
    CURLY_QUOTE: "‘’‚“”„",
    BRACKET: "()[]{}«»",
}
KIND: Final = {char: kind for kind, chars in _KINDS.items() for char in chars}
"""Each character of interest and its kind."""

SCAN: Final = re.compile("[" + "".join(re.escape(c) for c in KIND) + "]")
"""Finds every character of interest."""

QUOTE: Final = 1
DELIMITER: Final = 2
MARKS: Final = {
    char: (QUOTE if kind != BRACKET else 0) | (DELIMITER if char not in "'‘’‚" else 0)
    for char, kind in KIND.items()
    if kind in (STRAIGHT_QUOTE, CURLY_QUOTE, BRACKET)
}
"""The quotes and brackets, the most common characters of interest, each with
what it is: a quote (for the quote-style rule), a delimiter (for the balance
rule, which leaves apostrophe-like single quotes alone), or both."""

# --- mojibake ------------------------------------------------------------------

_CONT: Final = "[" + re.escape(_CP1252_HIGH) + "\u0080-\u00bf]"
_SEQUENCE: Final = LazyPattern(
    f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}"
)


def _plausible(decoded: str, run_length: int) -> bool:
    """Whether a decoded character is one that mojibake commonly hides.

    This keeps real text out: "Gruß“" decodes to an N'Ko letter and "café…”"
    to a lone CJK ideograph, neither of which a Latin text would hold.
    """
    code = ord(decoded)
    if code < 0x800:
        return (
            code <= 0x17F
            or 0x370 <= code <= 0x4FF  # Greek, Cyrillic
            or 0x5D0 <= code <= 0x5EA  # Hebrew letters
            or 0x600 <= code <= 0x6FF  # Arabic
        )
    if code < 0x10000:
        if 0x2000 <= code <= 0x214F or code in (0xFEFF, 0xFFFD):
            return True  # punctuation, currency, letterlike, BOM
        cjk = 0x3000 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF
        return cjk and run_length >= 2
    return 0x1F000 <= code <= 0x1FAFF  # emoji


def _decode_run(text: str, start: int) -> tuple[int, str] | None:
    """Decode the longest run of plausible mojibake sequences at ``start``."""
    pos = start
    decoded = []
    while True:
        match = _SEQUENCE.match(text, pos)
        if match is None:
            break
        raw = bytes(_BYTE_OF[c] for c in match.group())
        try:
            char = raw.decode("utf-8")
        except UnicodeDecodeError:
            break
        decoded.append(char)
        pos = match.end()
    if not decoded:
        return None
    if not all(_plausible(char, len(decoded)) for char in decoded):
        return None
    return pos, "".join(decoded)


def mojibake_at(text: str, start: int) -> tuple[int, str] | None:
    """If mojibake starts at ``start``, return its end and the repaired text.

    The repair is repeated while the result is itself wholly mojibake (text
    that went through the wrong decoding twice).
    """
    found = _decode_run(text, start)
    if found is None:
        return None
    end, repaired = found
    for _ in range(3):
        again = _decode_run(repaired, 0)
        if again is None or again[0] != len(repaired):
            break
        repaired = again[1]
    return end, repaired


# --- quotes ----------------------------------------------------------------------

_OPENING_CONTEXT: Final = frozenset(" \t([{“‘«—–-/\u00a0")


def _word(char: str) -> bool:
    return char.isalnum()


def quote_name(text: str, index: int) -> str:
    """Name the quote at ``text[index]`` as a reader would."""
    char = text[index]
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    between_letters = _word(before) and _word(after)
    if char == "'":
        return "straight apostrophe (')" if between_letters else "straight single quote (')"
    if char == '"':
        return 'straight double quote (")'
    if char == "’":
        return "curly apostrophe (’)" if between_letters else "closing single quote (’)"
    return {
        "‘": "opening single quote (‘)",
        "‚": "low single quote (‚)",
        "“": "opening double quote (“)",
        "”": "closing double quote (”)",
        "„": "low double quote („)",
    }[char]


def curly_for(text: str, index: int) -> str:
    """The curly quote a straight one at ``text[index]`` stands for."""
    char = text[index]
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if char == "'" and before in _OPENING_CONTEXT and after.isdigit():
        return "’"  # an elided year: '90s
    opening = before in _OPENING_CONTEXT
    if char == "'":
        return "‘" if opening else "’"
    return "“" if opening else "”"


STRAIGHT_FOR: Final = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'}
"""The straight quote each curly one stands for."""
