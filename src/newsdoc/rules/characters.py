"""Character rules (ND209-ND214): mojibake, lost characters, invisible and deceptive ones.

Every character these rules report is outside ASCII, so an ASCII text (a
constant-time test in CPython) skips them all.  Each scans the text with
its own character class (:mod:`newsdoc.model.chars`).  A run of mojibake
is one finding: the characters inside it (a C1 control, a curly quote)
are part of it and reported by no other rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Final, cast

from ..model.chars import (
    BIDI,
    INVISIBLE,
    LINE_SEPARATOR,
    REPLACEMENT,
    REPORTED,
    UNUSUAL_SPACE,
    char_name,
    charset,
)
from ..model.speed import LazyPattern
from .base import Context, rule
from .examples import GOOD, dump

__all__ = [
    "bidi_control",
    "cp1252_for",
    "invisible_character",
    "mojibake",
    "mojibake_runs",
    "outside_mojibake",
    "replacement_character",
    "unicode_line_separator",
    "unusual_space",
]

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


_LEADS: Final = "\\u00c2-\\u00f4"
"""The characters a run of mojibake starts with (the lead bytes of UTF-8, read as Latin-1)."""

_SCAN: Final = LazyPattern(f"[{REPORTED}{_LEADS}]")
"""Every character of interest to a rule of this family, found by one scan."""


@cache
def _kinds() -> dict[str, str]:
    """Each character of interest and the class it belongs to (a mojibake lead: "lead")."""
    kinds = dict.fromkeys(charset(_LEADS), "lead")
    for name, spec in (
        ("invisible", INVISIBLE),
        ("space", UNUSUAL_SPACE),
        ("separator", LINE_SEPARATOR),
        ("bidi", BIDI),
        ("replacement", REPLACEMENT),
    ):
        kinds.update(dict.fromkeys(charset(spec), name))
    return kinds


class _Scan:
    """What one scan of the text found: the runs of mojibake, and the other characters by class."""

    __slots__ = ("found", "mojibake")

    def __init__(self, ctx: Context) -> None:
        self.mojibake: list[tuple[int, int, str]] = []
        self.found: dict[str, list[int]] = {}
        text = ctx.text
        if text.isascii():
            return
        kinds = _kinds()
        skip = 0
        for match in _SCAN.finditer(text):
            position = match.start()
            if position < skip:
                continue  # inside a run of mojibake
            kind = kinds[match.group()]
            if kind == "lead":
                run = mojibake_at(text, position)
                if run is not None:
                    skip = run[0]
                    self.mojibake.append((position, run[0], run[1]))
            elif not (position == 0 and ctx.bom):
                self.found.setdefault(kind, []).append(position)


def _scan(ctx: Context) -> _Scan:
    """The scan of the text, made once per file and shared by the rules of this family."""
    found = ctx.cache.get("characters")
    if found is None:
        found = ctx.cache["characters"] = _Scan(ctx)
    return cast(_Scan, found)


def mojibake_runs(ctx: Context) -> list[tuple[int, int, str]]:
    """The runs of mojibake in the text, left to right: (start, end, repaired).

    Computed once per file and shared: the character rules and the quote
    rules leave the characters inside these runs alone.
    """
    return _scan(ctx).mojibake


def outside_mojibake(ctx: Context, positions: Iterator[int]) -> Iterator[int]:
    """The positions that are not inside a run of mojibake (nor the BOM at offset 0)."""
    runs = mojibake_runs(ctx)
    if not runs and not ctx.bom:
        yield from positions
        return
    bom = ctx.bom
    index = 0
    for position in positions:
        while index < len(runs) and runs[index][1] <= position:
            index += 1
        if index < len(runs) and runs[index][0] <= position:
            continue
        if position == 0 and bom:
            continue
        yield position


def _found(ctx: Context, kind: str) -> Iterator[tuple[int, str]]:
    """Each character of a class outside mojibake and the BOM, with its position."""
    text = ctx.text
    for position in _scan(ctx).found.get(kind, ()):
        yield position, text[position]


# --- the rules -------------------------------------------------------------------------


@rule(
    code="ND209",
    name="mojibake",
    severity="warning",
    fix="unsafe",
    bad=dump("The mayorâ€™s office approved the budget on Monday.\nThe vote was 7 to 2.\n"),
    good=dump("The mayor’s office approved the budget on Monday.\nThe vote was 7 to 2.\n"),
)
def mojibake(ctx: Context) -> None:
    """UTF-8 text decoded with the wrong encoding (`â€™`, `Ã©`).

    Mojibake is UTF-8 that was read as Windows-1252 or Latin-1 somewhere in the
    pipeline, then written back as UTF-8: `’` becomes `â€™`, `é` becomes `Ã©`. A run is
    reported only when its characters, encoded back, form valid UTF-8, so real accented
    text is never reported. The fix decodes the run correctly.
    """
    for start, end, repaired in mojibake_runs(ctx):
        shown = ctx.text[start:end]
        ctx.report(
            start,
            end,
            f"mojibake: {shown!r} is UTF-8 for {repaired!r} decoded with the wrong "
            "encoding (Windows-1252 or Latin-1)",
            f"replace it with {repaired!r}",
            [ctx.edit(start, end, repaired)],
        )


@rule(
    code="ND210",
    name="replacement-character",
    severity="warning",
    fix=None,
    bad=dump("The caf\ufffd reopened on Monday.\n"),
    good=dump("The café reopened on Monday.\n"),
)
def replacement_character(ctx: Context) -> None:
    """U+FFFD REPLACEMENT CHARACTER: text was lost in decoding.

    A decoder writes U+FFFD where it met bytes it could not decode. The original
    character is gone, so there is no fix: go back to the source.
    """
    for position, char in _found(ctx, "replacement"):
        ctx.report(
            position,
            position + 1,
            f"{char_name(char)}: a character was lost when this text was decoded",
        )


@rule(
    code="ND211",
    name="invisible-character",
    severity="warning",
    fix="unsafe",
    bad=dump("The council approved the bud\u200bget on Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def invisible_character(ctx: Context) -> None:
    """An invisible character: zero-width space, soft hyphen, C1 control...

    Zero-width spaces (U+200B), word joiners (U+2060), soft hyphens (U+00AD), U+FEFF
    inside text, C1 control characters (U+0080 to U+009F) and Hangul fillers are
    invisible, so two texts that look the same compare different and search misses
    words. The fix deletes the character. Not reported: the zero-width joiner and
    non-joiner and the directional marks, which are part of emoji and of Arabic,
    Persian, Hebrew and Indic text. A C1 control that stands for a Windows-1252
    character (U+0092 for `’`) is text that was read as Latin-1: the fix puts back the
    Windows-1252 character.
    """
    for position, char in _found(ctx, "invisible"):
        name = char_name(char)
        end = position + 1
        meant = cp1252_for(char)
        if meant is not None:  # Windows-1252 text decoded as Latin-1
            ctx.report(
                position,
                end,
                f"invisible character {name}: a Windows-1252 {meant} read as Latin-1?",
                f"replace it with {meant}",
                [ctx.edit(position, end, meant)],
            )
        else:
            ctx.report(
                position,
                end,
                f"invisible character {name}",
                "delete the invisible character",
                [ctx.deletion(position, end)],
            )


def _french_spacing(text: str, position: int) -> bool:
    """A no-break space where French typography puts one: before ; : ! ? » and after «."""
    after = text[position + 1 : position + 2]
    return after in (";", ":", "!", "?", "»", "›") or text[position - 1 : position] in ("«", "‹")


@rule(
    code="ND212",
    name="unusual-space",
    severity="warning",
    fix="unsafe",
    bad=dump("The council approved the budget on\u00a0Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def unusual_space(ctx: Context) -> None:
    """A no-break space or another space that looks like U+0020.

    A no-break space (U+00A0, from HTML `&nbsp;`) and the typographic spaces U+2000 to
    U+2008, U+200A and U+205F look like an ordinary space but are not one, so search and
    tokenisation treat the words around them as one. The fix replaces it with a space.
    Not reported: a no-break space where French typography puts one (before `;` `:` `!`
    `?` `»` and after `«`), the thin and narrow no-break spaces (U+2009, U+202F) and the
    ideographic space (U+3000).
    """
    text = ctx.text
    for position, char in _found(ctx, "space"):
        if char == "\u00a0" and _french_spacing(text, position):
            continue
        ctx.report(
            position,
            position + 1,
            f"{char_name(char)} looks like a space but is not one",
            "replace it with a space",
            [ctx.edit(position, position + 1, " ")],
        )


@rule(
    code="ND213",
    name="unicode-line-separator",
    severity="warning",
    fix="unsafe",
    bad=dump("The council approved the budget on Monday.\u2028The vote was 7 to 2.\n"),
    good=dump("The council approved the budget on Monday. The vote was 7 to 2.\n"),
)
def unicode_line_separator(ctx: Context) -> None:
    """U+2028, U+2029 or U+0085 inside a line.

    LINE SEPARATOR, PARAGRAPH SEPARATOR and NEXT LINE are not line breaks in a news
    dump, but many tools (Python's `str.splitlines()`, JavaScript, editors) break lines
    there, so they see a different number of lines. The fix replaces the character with
    a space.
    """
    for position, char in _found(ctx, "separator"):
        ctx.report(
            position,
            position + 1,
            f"{char_name(char)} is not a line break here, but many tools break lines there",
            "replace it with a space",
            [ctx.edit(position, position + 1, " ")],
        )


@rule(
    code="ND214",
    name="bidi-control",
    severity="error",
    fix="unsafe",
    protected=True,
    bad=dump("The council approved a budget of \u202e000,01\u202c dollars.\n"),
    good=dump("The council approved a budget of 10,000 dollars.\n"),
)
def bidi_control(ctx: Context) -> None:
    """A bidirectional embedding, override or isolate control character.

    The bidirectional controls U+202A to U+202E and U+2066 to U+2069 reorder how text is
    displayed, so what a reviewer sees differs from what the file says (the Trojan
    Source attack, CVE-2021-42574). News text has no need for them; this is an error by
    default, and a broad selection (``--select ND1``, ``ignore = ["ND2"]``) does not
    turn it off: only ignoring ND214 or bidi-control by name does. The fix deletes the
    character. The directional marks U+200E, U+200F and U+061C are not reported.
    """
    for position, char in _found(ctx, "bidi"):
        ctx.report(
            position,
            position + 1,
            f"bidirectional control character {char_name(char)} can make the text display "
            "differently from what it holds (Trojan Source)",
            "delete the control character",
            [ctx.deletion(position, position + 1)],
        )
