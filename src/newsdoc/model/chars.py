"""Every character class newsdoc knows, defined once, and the names it gives characters.

Each class is a string of regular-expression class contents (what goes
between ``[`` and ``]``), so that any module can build the pattern it needs
from it; nothing here is compiled.  The grammar (``grammar/newsdoc.lark``)
states the forbidden characters in its own notation; ``tests/test_grammar.py``
checks that :data:`FORBIDDEN` says the same.

- the characters the format forbids inside a line (:data:`FORBIDDEN`);
- the characters the content rules report (:data:`INVISIBLE`,
  :data:`UNUSUAL_SPACE`, :data:`LINE_SEPARATOR`, :data:`BIDI`,
  :data:`REPLACEMENT`), which the terminal report also shows as stand-ins;
- the characters that are never printed as they are (:data:`UNPRINTABLE`);
- the short names of the C0 controls and ``U+XXXX NAME`` for any character;
- the escaping of untrusted text (file names, document text, messages) for
  every output: :func:`escape` for terminals and CI logs, :func:`escape_json`
  and :func:`escape_xml` for the machine formats.  They are applied where
  the outputs are rendered, so that no file name or text can send escape
  sequences to a terminal, reorder its display (bidi controls) or start a
  CI workflow command.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .speed import LazyPattern

__all__ = [
    "APOSTROPHES",
    "BIDI",
    "BLANK",
    "C0_NAMES",
    "CAPITALS",
    "CASE_FOLDED_APART",
    "CONTROLS",
    "CYRILLIC_LETTERS",
    "FORBIDDEN",
    "GREEK_LETTERS",
    "INVISIBLE",
    "LATIN_LETTERS",
    "LINE_DECORATION",
    "LINE_SEPARATOR",
    "LINE_TAIL",
    "LINK_ARROWS_AFTER",
    "LINK_ARROWS_BEFORE",
    "NO_BREAK_SPACE",
    "REPLACEMENT",
    "REPORTED",
    "SMALL_LETTERS",
    "SOFT_HYPHEN",
    "SURROGATES",
    "UNPRINTABLE",
    "UNSPACED",
    "UNUSUAL_SPACE",
    "char_name",
    "charset",
    "escape",
    "escape_json",
    "escape_xml",
    "expand",
]

BLANK: Final = " \t"
"""The whitespace around a line's text and on a blank line (layout, not content)."""

CONTROLS: Final = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f"
"""The C0 control characters that are never allowed: all but TAB, LF and CR."""

SURROGATES: Final = "\\ud800-\\udfff"
"""The surrogate code points, which no UTF-8 text can hold (undecodable bytes
become lone surrogates when decoded with "surrogateescape")."""

FORBIDDEN: Final = CONTROLS + "\\x0a\\x0d" + SURROGATES
"""What no line's text may hold: the controls, LF and CR (which end lines; a
CR is allowed only as the first half of a CRLF line break) and the surrogates."""

INVISIBLE: Final = (
    "\\x80-\\x84\\x86-\\x9f\\u00ad\\u034f\\u115f\\u1160\\u180e\\u200b\\u2060-\\u2064"
    "\\u206a-\\u206f\\u3164\\ufeff\\uffa0"
)
"""Invisible characters a text should not hold: C1 controls (but NEL), soft
hyphen, zero-width space, word joiner and the invisible operators, U+FEFF
inside text, fillers.  Not the zero-width (non-)joiner or the directional
marks, which emoji and several scripts need."""

UNUSUAL_SPACE: Final = "\\u00a0\\u2000-\\u2008\\u200a\\u205f"
"""Spaces that look like U+0020 but are not (no-break and typographic spaces);
not the thin and narrow no-break spaces or the ideographic space."""

LINE_SEPARATOR: Final = "\\u0085\\u2028\\u2029"
"""NEXT LINE, LINE SEPARATOR and PARAGRAPH SEPARATOR: not line breaks here,
though many tools break lines there."""

BIDI: Final = "\\u202a-\\u202e\\u2066-\\u2069"
"""The bidirectional embedding, override and isolate controls (Trojan Source)."""

REPLACEMENT: Final = "\\ufffd"
NO_BREAK_SPACE: Final = "\u00a0"
"""U+00A0, which typography uses between words that must stay together (ND212)."""
SOFT_HYPHEN: Final = "\u00ad"
"""U+00AD, which marks where a word may break (ND211)."""
"""U+FFFD, what a decoder writes for bytes it could not decode."""

LATIN_LETTERS: Final = "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
"""The Latin letters: ASCII, Latin-1, Latin Extended-A and B, Latin Extended Additional."""

CYRILLIC_LETTERS: Final = "\u0400-\u0481\u048a-\u052f"
"""The Cyrillic letters (Cyrillic and Cyrillic Supplement, not the combining marks)."""

GREEK_LETTERS: Final = (
    "\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u03ff\u1f00-\u1fbc"
)
"""The Greek letters (Greek and Coptic, and the polytonic letters of Greek Extended)."""

UNSPACED: Final = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
"""Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, and the
CJK ideographs, kana and full-width forms."""

REPORTED: Final = INVISIBLE + UNUSUAL_SPACE + LINE_SEPARATOR + BIDI + REPLACEMENT
"""Every character a content rule reports on its own sight (reports show a stand-in)."""

UNPRINTABLE: Final = (
    "\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f"
    "\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff"
)
# (The bidi controls, U+061C and U+200E/U+200F are all in it: tests/test_escaping.py checks.)
"""What is never printed as it is (reports escape it): controls, format and
bidi characters, line and paragraph separators, and lone surrogates."""

LINE_DECORATION: Final = "\\s\\[(«»‹›•·▪■●◆▶►→>*|\\-–—"
"""What may come before the words of a line of page furniture: whitespace,
an opening bracket, bullets, arrows, dashes ("[Related: ...]", "» Read also")."""

LINE_TAIL: Final = "\\s.:;,!?|»›>)\\]…\\-–—"
"""What may follow the words of a menu item or label that is a whole line:
whitespace, closing brackets, ellipses, arrows and punctuation ("Read more »")."""

LINK_ARROWS_BEFORE: Final = "«‹<←"
"""What starts a "previous" link of a headline list, before a space ("« Older posts")."""

LINK_ARROWS_AFTER: Final = "-»›>→–—"
"""What ends a "next" or "more" link of a headline list, after a space ("Next story »",
"Previous Auto News -")."""

APOSTROPHES: Final = "'’ʼ"
"""The apostrophes a word may be written with (typewriter, typographic, modifier letter)."""

SMALL_LETTERS: Final = "a-zß-öø-ÿ\u0100-\u017fа-яёα-ω"
"""The small letters a label glued onto a headline ends with (ASCII, Latin-1, Latin
Extended-A, whose capitals it holds too, Russian, Greek): the small letter of a glue
point before a capital ("SportsLeBron")."""

CASE_FOLDED_APART: Final = frozenset("\u0130\u0131\u017f\u212a\u212b")
"""Letters that a case-insensitive pattern matches but ``str.lower`` writes apart from
their ASCII look-alike: İ (lowered to two characters), dotless ı, long ſ, the Kelvin
and Ångström signs. A filter that lowers a text before matching lower-case phrases
must let a text holding one of them through."""

CAPITALS: Final = (
    "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩА-Я"
)
"""The capital letters a name may start with: Latin (with the accented
letters of the languages of the phrasebook), Greek and Cyrillic."""

C0_NAMES: Final = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL"),
    *("BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI"),
    *("DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)
"""The short names of the C0 control characters, U+0000 to U+001F."""

# Names unicodedata does not give: controls have none.
_CONTROL_NAMES: Final = {"\u0085": "NEXT LINE"}


def expand(spec: str) -> str:
    r"""Every character of a class's contents, ranges expanded (``"a-c"`` gives ``"abc"``).

    Takes the escapes used above (``\xNN``, ``\uNNNN``) and plain characters.
    """
    chars = [chr(int(part[2:], 16)) if part.startswith("\\") else part for part in _tokens(spec)]
    out: list[str] = []
    index = 0
    while index < len(chars):
        if index + 2 < len(chars) and chars[index + 1] == "-":
            out.extend(chr(c) for c in range(ord(chars[index]), ord(chars[index + 2]) + 1))
            index += 3
        else:
            out.append(chars[index])
            index += 1
    return "".join(out)


def charset(spec: str) -> frozenset[str]:
    """The characters of a class's contents, as a set."""
    return frozenset(expand(spec))


def _tokens(spec: str) -> list[str]:
    tokens = []
    index = 0
    while index < len(spec):
        if spec.startswith("\\x", index):
            tokens.append(spec[index : index + 4])
            index += 4
        elif spec.startswith("\\u", index):
            tokens.append(spec[index : index + 6])
            index += 6
        else:
            tokens.append(spec[index])
            index += 1
    return tokens


def char_name(char: str) -> str:
    """``U+XXXX NAME``: the character's Unicode name, ``C1 CONTROL`` or its C0 name."""
    code = ord(char)
    if code < 0x20:
        name = C0_NAMES[code]
    elif char in _CONTROL_NAMES:
        name = _CONTROL_NAMES[char]
    elif 0x7F <= code <= 0x9F:
        name = "C1 CONTROL" if code >= 0x80 else "DELETE"
    else:
        name = unicodedata.name(char, "CHARACTER")
    return f"U+{code:04X} {name}"


# --- escaping untrusted text for the outputs ------------------------------------------

_UNSAFE: Final = LazyPattern(f"[{UNPRINTABLE}]")
_COMMAND: Final = (":", "##[")
"""What could start a CI workflow command (GitHub Actions' ``::``, and its older
``##[`` form) at the start of a line: a single ``:`` too, since a name is
often followed by one (``name:line:col``)."""


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    r"""``text`` as it can be printed in a terminal or a CI log: every unprintable character escaped.

    Controls (ESC, BEL, CR, LF, TAB...), C1 controls, bidi and other
    format characters, line separators and lone surrogates (the bytes of a
    file name that are not UTF-8) are written as ``\xNN`` or ``\uNNNN``
    (:data:`UNPRINTABLE`), and a text that starts as a workflow command may
    (``:`` or ``##[``) has its first character escaped, so that it cannot
    start one wherever it is printed, even followed by ``:line:column``.
    Other text, the common case, is returned as it is.
    """
    if text.isprintable():  # the common case, at C speed: nothing of UNPRINTABLE in it
        if not text.startswith(_COMMAND):
            return text
    elif _UNSAFE.search(text) is not None:
        text = str(_UNSAFE.sub(_escaped, text))
    if text.startswith(_COMMAND):
        text = f"\\x{ord(text[0]):02x}{text[1:]}"
    return text


_JSON_UNSAFE: Final = LazyPattern("[" + UNPRINTABLE.removeprefix("\\x00-\\x1f") + "]")


def escape_json(document: str) -> str:
    r"""A JSON text with every unprintable character in its strings written as ``\uNNNN``.

    ``json.dumps(..., ensure_ascii=False)`` escapes only the C0 controls;
    this escapes the rest of :data:`UNPRINTABLE` (DEL, C1 controls, bidi and
    format characters, line separators, lone surrogates, which would not
    even encode as UTF-8), which can only occur inside strings: the data is
    the same for every JSON reader.
    """
    if _JSON_UNSAFE.search(document) is None:
        return document
    escaped: str = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
    return escaped


_XML_SPECIAL: Final = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_XML_ATTRIBUTE: Final = {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def escape_xml(text: str, *, attribute: bool = False) -> str:
    r"""Text escaped for XML 1.0 content or (with ``attribute``) a double-quoted attribute.

    ``&``, ``<``, ``>`` and ``"`` become entities; in an attribute TAB, LF and
    CR become ``&#9;``, ``&#10;`` and ``&#13;`` (a parser would otherwise turn
    them into spaces); other unprintable characters become character
    references (``&#x202e;``), except those XML 1.0 cannot hold at all (the
    other C0 controls, lone surrogates, U+FFFE and U+FFFF), which are
    written as ``\uNNNN`` text.
    """
    out = []
    for char in text:
        code = ord(char)
        if char in _XML_SPECIAL:
            out.append(_XML_SPECIAL[char])
        elif char in "\t\n\r":
            out.append(_XML_ATTRIBUTE[char] if attribute else char)
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04X}")
        elif _UNSAFE.match(char):
            out.append(f"&#x{code:x};")
        else:
            out.append(char)
    return "".join(out)
