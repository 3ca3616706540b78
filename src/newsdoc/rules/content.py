"""The content rules (ND2xx, and ND111): what the texts say and hold."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from ..model.speed import LazyPattern
from . import characters as chars
from .balance import check_balance

if TYPE_CHECKING:
    from .engine import Context, EditSpec

__all__ = ["check_body", "check_characters", "check_headlines"]

SENTENCE_END: Final = ".!?…。！？؟"
BODY_END: Final = SENTENCE_END + ":;,"
CLOSERS: Final = "\"'”’»›)]}"
_WHITESPACE_RUN: Final = LazyPattern(r"[ \t]+")
_INNER_RUN: Final = LazyPattern(r"[ \t]{2,}|\t")
_INITIALISM: Final = LazyPattern(r"(?:[A-Za-z]{1,2}\.){2,}")
_LETTER: Final = LazyPattern(r"[^\W\d_]")
# Short body lines that are not headlines: a credit or note in brackets,
# "(Reporting by ...)", "[Editor's note ...]", and a byline, "By Jane Smith".
_NOT_A_HEADLINE: Final = LazyPattern(r"\(.*\)\Z|\[.*\]\Z|by\s", re.IGNORECASE | re.DOTALL)
# Abbreviations a headline may end with (AP style, and common titles).
_ABBREVIATIONS: Final = """
    Inc. Ltd. Co. Corp. Bros. Jr. Sr. Dr. Mr. Mrs. Ms. Prof. St. Mt. Ft. Ave. Blvd. Rd. No.
    vs. v. etc. Gov. Sen. Rep. Gen. Col. Lt. Sgt. Capt. Adm. Cmdr. Rev. Hon. Esq. Jan. Feb.
    Aug. Sept. Sep. Oct. Nov. Dec. Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill.
    Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Tenn.
    Vt. Va. Wash. Wis. Wyo.
    """
ABBREVIATIONS: Final = frozenset(_ABBREVIATIONS.split())


def _words(count: int) -> str:
    return "1 word" if count == 1 else f"{count} words"


def ends_with_period(text: str) -> bool:
    """Whether a headline ends in a full stop that is not an ellipsis or an abbreviation."""
    if not text.endswith(".") or text.endswith(".."):
        return False
    token = text.rsplit(None, 1)[-1].lstrip("([\"'“‘")
    return not (_INITIALISM.fullmatch(token) or token in ABBREVIATIONS)


def _line_deletion(ctx: Context, index: int) -> EditSpec:
    """An edit deleting line ``index`` (never the first line) with its line break."""
    starts = ctx.starts()
    if index + 1 < len(ctx.lines) or ctx.text.endswith("\n"):
        return ctx.edit(starts[index], starts[index + 1], "")
    previous = 2 if ctx.lines[index - 1].endswith("\r") else 1
    return ctx.edit(starts[index] - previous, len(ctx.text), "")


def check_body(ctx: Context, run: tuple[int, int]) -> None:
    """ND202 and ND205: duplicate paragraphs, and body lines that look like headlines."""
    first, last = run
    body = ctx.stripped[first : last + 1]
    if "ND205" in ctx.enabled:
        max_words = ctx.settings["ND205"]["max-words"]
        finals = [text[-1] for text in body]
        for index, final in enumerate(finals, first):
            if final in BODY_END:
                continue
            text = ctx.stripped[index]
            trimmed = text.rstrip(CLOSERS)
            if trimmed and trimmed[-1] in BODY_END:
                continue
            # (Splitting stops past the limit: a paragraph is long.)
            words = len(text.split(None, max_words))
            if words > max_words or not _LETTER.search(text) or _NOT_A_HEADLINE.match(text):
                continue
            start = ctx.text_start(index)
            ctx.add(
                "ND205",
                start,
                start + len(text),
                f"body line looks like a headline ({_words(words)}, no sentence-ending "
                "punctuation); is the separator missing before it?",
            )
    if "ND202" in ctx.enabled and len(set(body)) != len(body):
        seen: dict[str, int] = {}
        for index, text in enumerate(body, first):
            if text not in seen:
                seen[text] = index
                continue
            start = ctx.text_start(index)
            ctx.add(
                "ND202",
                start,
                start + len(text),
                f"duplicate paragraph: same text as line {seen[text] + 1}",
                "delete the duplicate paragraph",
                [_line_deletion(ctx, index)],
            )


_ENDINGS: Final = frozenset(SENTENCE_END + CLOSERS)


def check_headlines(ctx: Context, run: tuple[int, int]) -> None:
    """ND201, ND203, ND204, ND206: duplicates, length, final period, paragraph-like.

    Each rule first tests all headlines at once with cheap built-ins and
    looks at single headlines only when that test finds a candidate.
    """
    first, last = run
    enabled = ctx.enabled
    heads = ctx.stripped[first : last + 1]
    if "ND203" in enabled:
        max_length = ctx.settings["ND203"]["max-length"]
        if max(map(len, heads)) > max_length:
            _too_long(ctx, heads, first, max_length)
    finals = [text[-1] for text in heads]
    if "ND204" in enabled and "." in finals:
        for index, text in enumerate(heads, first):
            if text[-1] == "." and ends_with_period(text):
                end = ctx.text_start(index) + len(text)
                ctx.add(
                    "ND204",
                    end - 1,
                    end,
                    "headline ends with a period",
                    "delete the period",
                    [ctx.edit(end - 1, end, "")],
                )
    if "ND206" in enabled and not _ENDINGS.isdisjoint(finals):
        _paragraph_like(ctx, heads, first, ctx.settings["ND206"]["min-words"])
    if "ND201" in enabled:
        keys = list(map(str.casefold, heads))
        if ctx.spaced:
            keys = [_WHITESPACE_RUN.sub(" ", key) for key in keys]
        if len(set(keys)) != len(keys):
            _duplicate_headlines(ctx, keys, first)


def _too_long(ctx: Context, heads: list[str], first: int, max_length: int) -> None:
    for index, text in enumerate(heads, first):
        if len(text) > max_length:
            start = ctx.text_start(index)
            ctx.add(
                "ND203",
                start + max_length,
                start + len(text),
                f"headline is {len(text)} characters long, more than {max_length}",
            )


def _paragraph_like(ctx: Context, heads: list[str], first: int, min_words: int) -> None:
    for index, text in enumerate(heads, first):
        trimmed = text.rstrip(CLOSERS)
        if not trimmed or trimmed[-1] not in SENTENCE_END:
            continue
        words = len(text.split())
        if words >= min_words:
            start = ctx.text_start(index)
            ctx.add(
                "ND206",
                start,
                start + len(text),
                f"headline looks like a paragraph ({_words(words)}, ending in "
                f"{trimmed[-1]!r}); is it on the right side of the separator?",
            )


def _duplicate_headlines(ctx: Context, keys: list[str], first: int) -> None:
    seen: dict[str, int] = {}
    for index, key in enumerate(keys, first):
        if key not in seen:
            seen[key] = index
            continue
        start = ctx.text_start(index)
        ctx.add(
            "ND201",
            start,
            start + len(ctx.stripped[index]),
            f"duplicate headline: same as line {seen[key] + 1}",
            "delete the duplicate headline",
            [_line_deletion(ctx, index)],
        )


# --- characters ----------------------------------------------------------------------


def _french_spacing(text: str, position: int) -> bool:
    """A no-break space where French typography puts one: before ; : ! ? » and after «."""
    after = text[position + 1 : position + 2]
    return after in (";", ":", "!", "?", "»", "›") or text[position - 1 : position] in ("«", "‹")


def _special(ctx: Context, position: int, char: str, kind: int) -> None:
    if kind == chars.UNUSUAL_SPACE and char == "\u00a0" and _french_spacing(ctx.text, position):
        return
    name = chars.char_name(char)
    end = position + 1
    if kind == chars.INVISIBLE:
        meant = chars.cp1252_for(char)
        if meant is not None:  # Windows-1252 text decoded as Latin-1
            ctx.add(
                "ND211",
                position,
                end,
                f"invisible character {name}: a Windows-1252 {meant} read as Latin-1?",
                f"replace it with {meant}",
                [ctx.edit(position, end, meant)],
            )
            return
        ctx.add(
            "ND211",
            position,
            end,
            f"invisible character {name}",
            "delete the invisible character",
            [ctx.deletion(position, end)],
        )
    elif kind == chars.UNUSUAL_SPACE:
        ctx.add(
            "ND212",
            position,
            end,
            f"{name} looks like a space but is not one",
            "replace it with a space",
            [ctx.edit(position, end, " ")],
        )
    elif kind == chars.LINE_SEPARATOR:
        ctx.add(
            "ND213",
            position,
            end,
            f"{name} is not a line break here, but many tools break lines there",
            "replace it with a space",
            [ctx.edit(position, end, " ")],
        )
    elif kind == chars.BIDI:
        ctx.add(
            "ND214",
            position,
            end,
            f"bidirectional control character {name} can make the text display "
            "differently from what it holds (Trojan Source)",
            "delete the control character",
            [ctx.deletion(position, end)],
        )
    else:
        ctx.add(
            "ND210",
            position,
            end,
            f"{name}: a character was lost when this text was decoded",
        )


def _inner_whitespace(ctx: Context, runs: list[tuple[int, int]]) -> None:
    """ND111 and ND215: tabs and runs of spaces inside texts."""
    stripped = ctx.stripped
    for first, last in runs:
        for index in range(first, last + 1):
            text = stripped[index]
            if "\t" not in text and "  " not in text:
                continue
            start = ctx.text_start(index)
            for match in _INNER_RUN.finditer(text):
                begin, end = start + match.start(), start + match.end()
                if "\t" in match.group():
                    ctx.add(
                        "ND111",
                        begin,
                        end,
                        "tab inside the text",
                        "replace the whitespace with one space",
                        [ctx.edit(begin, end, " ")],
                    )
                else:
                    ctx.add(
                        "ND215",
                        begin,
                        end,
                        f"{len(match.group())} spaces in a row",
                        "replace them with one space",
                        [ctx.edit(begin, end, " ")],
                    )


def _mixed_quotes(ctx: Context, quotes: list[int]) -> None:
    """ND207: the quotes of the file's minority style."""
    text = ctx.text
    straight = [position for position in quotes if text[position] in "'\""]
    if not straight or len(straight) == len(quotes):
        return
    curly = [position for position in quotes if text[position] not in "'\""]
    if len(curly) > len(straight) or (len(curly) == len(straight) and curly[0] < straight[0]):
        minority, style = straight, "curly"
    else:
        minority, style = curly, "straight"
    uses = "first uses" if len(curly) == len(straight) else "mostly uses"
    counts = f"{len(curly)} curly, {len(straight)} straight"
    for position in minority:
        if style == "curly":
            replacement = chars.curly_for(text, position)
        else:
            replacement = chars.STRAIGHT_FOR[text[position]]
        ctx.add(
            "ND207",
            position,
            position + 1,
            f"{chars.quote_name(text, position)} in a file that {uses} {style} quotes ({counts})",
            f"replace it with {replacement}",
            [ctx.edit(position, position + 1, replacement)],
        )


def check_characters(ctx: Context, runs: list[tuple[int, int]]) -> None:
    """Every rule about single characters, from one scan of the whole text."""
    text = ctx.text
    enabled = ctx.enabled
    kinds = chars.KIND
    marks = chars.MARKS
    quotes: list[int] = []
    delimiters: list[int] = []
    skip = 0
    for match in chars.SCAN.finditer(text):
        position = match.start()
        if position < skip:
            continue
        char = match.group()
        mark = marks.get(char)
        if mark is not None:  # a quote or a bracket: the common case
            if mark & chars.DELIMITER:
                delimiters.append(position)
            if mark & chars.QUOTE:
                quotes.append(position)
            continue
        kind = kinds[char]
        if kind == chars.MOJIBAKE_LEAD:
            found = chars.mojibake_at(text, position)
            if found is not None:
                end, repaired = found
                skip = end
                shown = text[position:end]
                ctx.add(
                    "ND209",
                    position,
                    end,
                    f"mojibake: {shown!r} is UTF-8 for {repaired!r} decoded with the wrong "
                    "encoding (Windows-1252 or Latin-1)",
                    f"replace it with {repaired!r}",
                    [ctx.edit(position, end, repaired)],
                )
        elif not (position == 0 and ctx.bom):
            _special(ctx, position, char, kind)
    if ctx.spaced:
        _inner_whitespace(ctx, runs)
    if quotes and "ND207" in enabled:
        _mixed_quotes(ctx, quotes)
    if delimiters and "ND208" in enabled:
        check_balance(ctx, runs, delimiters)
