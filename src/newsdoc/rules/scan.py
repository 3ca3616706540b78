"""One scan of a text for every character a rule looks at, shared by the rules (once per file).

Most of what the character and quote rules look for is rare, and the rest
(quotes, brackets) is common: one regular expression finds every such
character in one pass, and each rule then reads what it needs from the
scan (:func:`scan`), cached in the context.  A run of mojibake (UTF-8 read
as Windows-1252 or Latin-1) is found by the same pass, and the characters
inside it belong to it: no other rule sees them.
"""

from __future__ import annotations

import re
from typing import Final, cast

from ..model.chars import (
    BIDI,
    INVISIBLE,
    LINE_SEPARATOR,
    REPLACEMENT,
    REPORTED,
    UNUSUAL_SPACE,
    charset,
)
from ..model.speed import LazyPattern, once
from .base import Context

__all__ = ["DELIMITERS", "QUOTES", "Scan", "cp1252_for", "mojibake_at", "scan"]

QUOTES: Final = "'\"‘’‚“”„"
"""The quote marks and apostrophes, straight and curly (ND207)."""

DELIMITERS: Final = '()[]{}«»"“”„'
"""The brackets and double quotes that come in pairs (ND208)."""

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
            # the common combining accents (a decomposed é is e + U+0301); not those
            # whose second byte reads as « » or a no-break space ("COSÌ»" is Italian)
            or 0x300 <= code <= 0x31F
            or code in (0x327, 0x328)
            or 0x370 <= code <= 0x4FF  # Greek, Cyrillic
            or 0x5D0 <= code <= 0x5EA  # Hebrew letters
            or 0x600 <= code <= 0x6FF  # Arabic
        )
    if code < 0x10000:
        if 0x2000 <= code <= 0x214F or 0x2200 <= code <= 0x22FF or code in (0xFEFF, 0xFFFD):
            return True  # punctuation, currency, letterlike, mathematical operators, BOM
        if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
            return True  # Arabic presentation forms
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


_LEADS: Final = "\\u00c2-\\u00f4"
"""The characters a run of mojibake starts with (the lead bytes of UTF-8, read as Latin-1)."""

_SCAN: Final = LazyPattern(f"[{REPORTED}{_LEADS}{re.escape(QUOTES + DELIMITERS)}]")
"""Every character of interest to a rule, found by one scan."""

LEAD: Final = "lead"
QUOTE: Final = 1
DELIMITER: Final = 2


@once
def _kinds() -> dict[str, str | int]:
    """Each character of interest: the class a rule reports it by, "lead", or quote flags."""
    kinds: dict[str, str | int] = dict.fromkeys(charset(_LEADS), LEAD)
    for name, spec in (
        ("invisible", INVISIBLE),
        ("space", UNUSUAL_SPACE),
        ("separator", LINE_SEPARATOR),
        ("bidi", BIDI),
        ("replacement", REPLACEMENT),
    ):
        kinds.update(dict.fromkeys(charset(spec), name))
    for char in set(QUOTES + DELIMITERS):
        kinds[char] = (QUOTE if char in QUOTES else 0) | (DELIMITER if char in DELIMITERS else 0)
    return kinds


class Scan:
    """What one scan of the text found, outside runs of mojibake."""

    __slots__ = ("delimiters", "found", "mojibake", "quotes")

    mojibake: list[tuple[int, int, str]]
    """The runs of mojibake, left to right: (start, end, repaired)."""
    found: dict[str, list[int]]
    """The positions of the characters each character rule reports, by class
    ("invisible", "space", "separator", "bidi", "replacement"); not a BOM at 0."""
    quotes: list[int]
    """The positions of quote marks and apostrophes."""
    delimiters: list[int]
    """The positions of brackets and double quotes."""

    def __init__(self, text: str, bom: bool) -> None:
        self.mojibake = []
        self.found = {}
        self.quotes = quotes = []
        self.delimiters = delimiters = []
        kinds = _kinds()
        skip = 0
        for match in _SCAN.finditer(text):
            position = match.start()
            if position < skip:
                continue  # inside a run of mojibake
            kind = kinds[match.group()]
            if type(kind) is int:  # a quote or a bracket: the common case
                if kind & QUOTE:
                    quotes.append(position)
                if kind & DELIMITER:
                    delimiters.append(position)
            elif kind == LEAD:
                run = mojibake_at(text, position)
                if run is not None:
                    skip = run[0]
                    self.mojibake.append((position, run[0], run[1]))
            elif not (position == 0 and bom):
                self.found.setdefault(cast(str, kind), []).append(position)


def scan(ctx: Context) -> Scan:
    """The scan of the context's text, made once per file."""
    found = ctx.cache.get("scan")
    if found is None:
        found = ctx.cache["scan"] = Scan(ctx.text, ctx.bom)
    return cast(Scan, found)
