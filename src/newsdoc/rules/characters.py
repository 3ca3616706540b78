"""Character rules (ND209-ND214): mojibake, lost characters, invisible and deceptive ones.

Every character these rules report is outside ASCII, so an ASCII text (a
constant-time test in CPython) skips them all.  They read the one scan of
the text (:mod:`.scan`) for their character classes
(:mod:`newsdoc.model.chars`).  A run of mojibake is one finding: the
characters inside it (a C1 control, a curly quote) are part of it and
reported by no other rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model.chars import NO_BREAK_SPACE, SOFT_HYPHEN, char_name
from .base import Context, Option, rule
from .examples import GOOD, dump
from .language import LANGUAGE_NAMES, language
from .scan import cp1252_for, scan
from .typography import typographic

__all__ = [
    "bidi_control",
    "invisible_character",
    "mojibake",
    "replacement_character",
    "unicode_line_separator",
    "unusual_space",
]


def _found(ctx: Context, kind: str) -> Iterator[tuple[int, str]]:
    """Each character of a class outside mojibake and the BOM, with its position."""
    if ctx.text.isascii():
        return
    text = ctx.text
    for position in scan(ctx).found.get(kind, ()):
        yield position, text[position]


# --- the rules -------------------------------------------------------------------------


@rule(
    code="ND209",
    name="mojibake",
    severity="error",
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

    An error by default: the text is certainly damaged (every one of 15 findings sampled
    on real dumps was mojibake), so `newsdoc check` fails a broken scrape without
    `--strict`. Set `severity = "warning"` in `[tool.newsdoc.rules.ND209]` to only warn.

    Measured against ftfy's repair on 300 lines of `real-en` made into mojibake four
    ways (UTF-8 read as Windows-1252, as Latin-1, twice, and half a line): the fix
    restored 794 of 865 lines exactly and ftfy 803, and neither changed any of the 300
    clean lines. The difference is mostly a lone Korean syllable, which the rule leaves
    alone on purpose (`café…”` would otherwise become a CJK ideograph), so ftfy is not
    used.
    """
    if ctx.text.isascii():
        return
    for start, end, repaired in scan(ctx).mojibake:
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
    severity="error",
    fix=None,
    bad=dump("The caf\ufffd reopened on Monday.\n"),
    good=dump("The café reopened on Monday.\n"),
)
def replacement_character(ctx: Context) -> None:
    """U+FFFD REPLACEMENT CHARACTER: text was lost in decoding.

    A decoder writes U+FFFD where it met bytes it could not decode. The original
    character is gone, so there is no fix: go back to the source. An error by default:
    the text is certainly damaged, so `newsdoc check` fails it without `--strict`.
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
    Persian, Hebrew and Indic text; and a soft hyphen between two letters, which marks
    where a long word may break (German, Dutch and Finnish text use it on purpose: 97% of
    this rule's findings on real dumps were such soft hyphens before it left them out).
    A soft hyphen at the edge of a word (`US \u00adforces`) is debris and is reported. A
    C1 control that stands for a Windows-1252 character (U+0092 for `’`) is text that
    was read as Latin-1: the fix puts back the Windows-1252 character.
    """
    text = ctx.text
    for position, char in _found(ctx, "invisible"):
        if char == SOFT_HYPHEN and _inside_word(text, position):
            continue
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


def _inside_word(text: str, position: int) -> bool:
    """Whether the character at ``position`` stands between two letters."""
    return (
        0 < position < len(text) - 1
        and text[position - 1].isalpha()
        and text[position + 1].isalpha()
    )


def _debris(text: str, position: int) -> bool:
    """Whether a space-like character is whitespace debris: at a line's edge or next to a space."""
    before = text[position - 1] if position else "\n"
    after = text[position + 1] if position + 1 < len(text) else "\n"
    return before.isspace() or after.isspace()


@rule(
    code="ND212",
    name="unusual-space",
    severity="warning",
    fix="unsafe",
    options=(
        Option(
            "no-break-spaces",
            0,
            "1: also report no-break spaces inside a line where the text's language puts none",
            minimum=0,
        ),
    ),
    bad=dump("The council approved the budget on Monday.\u00a0\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def unusual_space(ctx: Context) -> None:
    """A no-break space that is whitespace debris, or another space that looks like U+0020.

    A no-break space (U+00A0, from HTML `&nbsp;`) at the start or end of a line or next to
    another space is debris of the page's layout: it hides from tools that trim spaces and
    makes identical sentences compare different. Such debris is reported once per file, at
    its first place, with the count; the fix replaces every one of them. The typographic spaces U+2000 to U+2008,
    U+200A and U+205F look like a space but are not one, so search and tokenisation treat
    the words around them as one. The fix replaces the character with a space.

    A no-break space between two words is not reported by default: it is how French,
    Polish, Czech and German typography keep words together (before `;` `:` `!` `?` `»`
    and after `«` in French, after one-letter words in Polish and Czech, between a number
    and its unit, in `z. B.`), and editors of English text use it too. On the 131 dumps of
    `real-en`, 364 findings of the earlier rule held 149 that were debris (line edges,
    next to a space) and 215 no-break spaces between words. With the option
    `no-break-spaces = 1`, a no-break space inside a line is reported too unless the
    typography of the text's language puts one there (see `language` in the
    configuration; without it the language is guessed from the text, and an unknown
    language allows every language's uses). The thin and narrow no-break spaces (U+2009,
    U+202F) and the ideographic space (U+3000) are never reported.
    """
    text = ctx.text
    strict = None
    debris: list[int] = []
    for position, char in _found(ctx, "space"):
        name = char_name(char)
        if _debris(text, position):
            debris.append(position)
            continue
        if char != NO_BREAK_SPACE:
            message = f"{name} looks like a space but is not one"
        else:
            if strict is None:
                strict = ctx.option("no-break-spaces") > 0
            code = language(ctx) if strict else None
            if not strict or typographic(text, position, code):
                continue
            message = f"{name} between words, where {LANGUAGE_NAMES[code or '']} puts none"
        ctx.report(
            position,
            position + 1,
            message,
            "replace it with a space",
            [ctx.edit(position, position + 1, " ")],
        )
    if debris:
        # One finding for the file: the debris of one page's layout says it once.
        first = debris[0]
        count = f"{len(debris)} such spaces" if len(debris) > 1 else "one"
        ctx.report(
            first,
            first + 1,
            f"{char_name(text[first])} next to a space or at the edge of a line: whitespace "
            f"debris of the page's layout (&nbsp;); {count} in this file",
            "replace them with spaces",
            [ctx.edit(position, position + 1, " ") for position in debris],
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
