"""Headline-list rules (ND220, ND226): menu items and section labels among the headlines.

A page's links are not all headlines: menus, legal and promotional links,
previous/next arrows and one-word section links end up in the headline list,
and section labels or breadcrumbs get glued onto real headlines.  The
wording comes from the phrasebook's ``navigation`` kind
(:mod:`newsdoc.rules.phrasebook`, ``ctx.phrases``); the rules add the shapes
no phrase list holds (arrows at an edge, one word, a glued label).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any, Final

from ..model.chars import (
    CAPITALS,
    LINE_TAIL,
    LINK_ARROWS_AFTER,
    LINK_ARROWS_BEFORE,
    SMALL_LETTERS,
    charset,
)
from ..model.speed import LazyPattern, once
from .base import Context, Option, rule
from .examples import BODY, GOOD, dump
from .phrasebook import Phrasebook, phrase_pattern
from .shape import word_count

__all__ = ["glued_section_label", "headline_furniture"]

# Previous/next links: an arrow or a guillemet at the start, or one or a dash at the
# end, set off by a space. (Not a dash at the start: that is a bullet.)
_ARROWS_BEFORE: Final = charset(LINK_ARROWS_BEFORE)
_ARROWS_AFTER: Final = charset(LINK_ARROWS_AFTER)
# A breadcrumb: "Home > News > Story", "Realidad » Ficción".
_CRUMB_MARKS: Final = (">", "»", "›", "→")
_CRUMB: Final = LazyPattern(r"\s(?:[>»›]|>>|→)\s")
# A capitalised word glued to the next capitalised one: "SportsLeBron", "FicciónAsí".
_GLUED: Final = LazyPattern(f"([{CAPITALS}][^\\W\\d_{CAPITALS}]+)(?=[{CAPITALS}])")
# A small letter followed by a capital: where a label meets the headline.
_GLUE_POINT: Final = LazyPattern(f"[{SMALL_LETTERS}](?=[{CAPITALS}])")
_OTHER_CASE: Final = "ſıİ"
"""The letters that match an ASCII letter in another case only: "ſ" matches "s"."""
_LABEL_CHARS: Final = 40
"""A glued label ends within the first characters of the headline."""


_REAL_HEADLINES: Final = 3
"""Short items are reported in a list with at least this many longer headlines."""


@once
def _ascii_filter(book: Phrasebook) -> Callable[[str], Any] | None:
    """The `navigation` kind's lower-case filter, for ASCII items (None when it cannot be used).

    ``union(("navigation",)).match(text.lower())`` matches every ASCII text
    the kind's pattern matches, at about half its cost, unless a phrase holds
    a letter that matches an ASCII one only in another case (``ſ``, ``ı``,
    ``İ``: lower-casing keeps them apart); on other text lower-casing can
    part what the pattern's letter case joins (``İ`` and ``i``), so only
    ASCII items are filtered.
    """
    if any(char in phrase for phrase in book.phrases("navigation") for char in _OTHER_CASE):
        return None
    return book.union(("navigation",)).match  # type: ignore[no-any-return]


_UNCASED: Final = (
    "\u00a1-\u00b4\u00b6-\u00bf\u00d7\u00f7\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u206f"
)
"""Characters past ASCII without letter case that are not spaces (quotation marks,
dashes, bullets...): a phrase's letter case or lower-casing makes no difference to them."""
_ODD_LETTER: Final = LazyPattern(f"[^\\x00-\\x7f{_UNCASED}]")
"""A character past ASCII that :func:`_block_filters` cannot vouch for: a cased letter,
a space (other than U+0020)."""
_ODD_SPACES: Final = "\t\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII spaces other than U+0020 and the line breaks (a CR is one before an LF)."""
_WHOLE_END: Final = f"[{LINE_TAIL}]*\\Z"
"""How a phrase that is a whole line ends, in a pattern matched on the line alone..."""
_LINE_END: Final = f"[{LINE_TAIL}]*(?!\\S)"
"""... and in a pattern matched on a block of lines."""


@once
def _block_filters(book: Phrasebook, min_words: int) -> tuple[LazyPattern, LazyPattern] | None:
    r"""ND220's filters for a block of items, lower-cased (None when they cannot be used).

    The first finds the line break before each item that may start with a
    navigation phrase (:meth:`Phrasebook.union`'s phrases that start a line:
    ``\n`` and the lower-case filter), start with an arrow, or have fewer
    than ``min_words`` words; the second a space before what may be a
    phrase that starts with ``* `` (its words after the ``*``) or an arrow
    at the item's end.  Every item the plain way reports is found, and a
    few more (a phrase's spaces may reach into the next item), unless it
    holds a character :data:`_ODD_LETTER` finds or one of
    :data:`_ODD_SPACES`: past ASCII, only letters without case lower-case
    and match alike (``_UNCASED``, as :func:`_ascii_filter` says of ASCII),
    and a phrase's words after ``* `` follow a space.  A phrase with ``ſ``,
    ``ı`` or ``İ``, or one that starts with ``*`` inside a word, turns them
    off.
    """
    phrases = book.phrases("navigation")
    joined = "\n".join(phrases)
    if any(char in joined for char in _OTHER_CASE):
        return None
    lead_ins: dict[str, list[str]] = {}  # (by first letter, matched before the look-ahead)
    for phrase in phrases:
        text = phrase.strip()
        if text.startswith("*"):
            if not text[1:2].isspace():
                return None
            words = text[1:].strip().lower()
            tail = phrase_pattern(words, folded=True).replace(_WHOLE_END, _LINE_END)
            head = re.escape(words[0]) if tail.startswith(re.escape(words[0])) else ""
            lead_ins.setdefault(head, []).append(tail[len(head) :])
    starting = book.union_source(("navigation",), starting=True).replace(_WHOLE_END, _LINE_END)
    tails = "|".join(
        f"{head}(?={'|'.join(dict.fromkeys(rests))})" for head, rests in lead_ins.items()
    )
    if "\\Z" in starting or "\\Z" in tails:
        return None  # (an end of text that is not a whole line's)
    before, after = (
        "".join(map(re.escape, sorted(arrows))) for arrows in (_ARROWS_BEFORE, _ARROWS_AFTER)
    )
    first = (
        f"\\n(?={starting}|[ \\t]*[{before}] "
        f"|[^\\S\\n]*+(?:\\S++[^\\S\\n]*+){{0,{min_words - 1}}}(?:\\n|\\Z))"
    )
    spaced = f"[ ](?:{tails}|[{after}](?=[ \\t]*\\r?(?:\\n|\\Z)))"
    return LazyPattern(first), LazyPattern(spaced)


def _arrow_edge(text: str) -> bool:
    """Whether a line has an arrow at its start or end, set off by a space."""
    if len(text) < 3:
        return False
    return (text[0] in _ARROWS_BEFORE and text[1] == " ") or (
        text[-1] in _ARROWS_AFTER and text[-2] == " "
    )


def _headlines(ctx: Context) -> tuple[int, int] | None:
    """The first and last line index of the headline list, or None without one."""
    if len(ctx.runs) < 2:
        return None
    return ctx.runs[1]


@rule(
    code="ND220",
    name="headline-furniture",
    severity="warning",
    fix="unsafe",
    deletes="headlines",
    options=(Option("min-words", 2, "headlines of fewer words are menu items"),),
    bad=dump(BODY, "Council Approves Budget\nPrivacy Policy\nNext Local News »\nSubscribe\n"),
    good=GOOD,
)
def headline_furniture(ctx: Context) -> None:
    """A headline-list item that is navigation, a menu, a legal or a promotional link.

    Scrapers that take every link of a page as a headline keep its furniture: menu and
    section links (`Home`, `Sports`), legal and account links (`Privacy Policy`, `Sign
    in`), previous/next links (`- Next Auto News`, `Previous Auto News -`) and promotional
    notes (`BGR may receive a commission`). Reported: an item that matches a phrase of
    the phrasebook's `navigation` kind (docs/phrases.md: English, German, French,
    Spanish and Polish; extend it with `[tool.newsdoc.phrases] navigation = [...]`), one
    with an arrow, guillemet or dash at an edge, and one of fewer than `min-words` words
    in a list that holds at least three longer headlines (a single word among headlines
    is a section or a tag; a list of single words is something else). The fix (unsafe)
    deletes the item.

    Measured on the 131 real dumps of the shared corpus: 27 findings in 21 files, all
    right (previous/next links, `comments powered by Disqus.`, `View the discussion
    thread.`, recent-comment widgets (`... commented on`), social and RSS links,
    reprint, ethics and FCC public-file links, a commission note, a promotional link
    ending in `»`); the corpus's headline lists hold no item of fewer than three words,
    so the short-item check is not measured there.
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, last = found
    min_words = ctx.option("min-words")
    items = _furniture(ctx, first, last, min_words)
    if items is None:
        items = _plain_furniture(ctx, first, last, min_words)
    for index, message in items:
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + len(ctx.stripped[index]),
            f"headline-list item is page furniture, not a headline: {message}",
            "delete the item",
            [ctx.line_deletion(index)],
        )


_NAVIGATION: Final = "a menu, legal or promotional link"
_ARROW: Final = "a previous/next, read-more or promotional link (an arrow at its edge)"


def _short(count: int) -> str:
    """ND220's message for an item of ``count`` words."""
    return f"a section or menu link ({count} word{'s' if count != 1 else ''})"


def _plain_furniture(ctx: Context, first: int, last: int, min_words: int) -> list[tuple[int, str]]:
    """ND220's items (line index and why), each item looked at in turn: the plain way."""
    phrases = ctx.phrases
    heads = ctx.stripped[first : last + 1]
    counts = [word_count(text, min_words) for text in heads]
    # (Short items are menu items only in a list of real headlines.)
    listed = sum(count > min_words for count in counts) >= _REAL_HEADLINES
    cheap = _ascii_filter(phrases)
    found = []
    for index, text, count in zip(range(first, last + 1), heads, counts, strict=True):
        if (cheap is None or not text.isascii() or cheap(text.lower())) and phrases.match(
            "navigation", text
        ):
            found.append((index, _NAVIGATION))
        elif _arrow_edge(text):
            found.append((index, _ARROW))
        elif count < min_words and listed:
            found.append((index, _short(count)))
    return found


def _furniture(ctx: Context, first: int, last: int, min_words: int) -> list[tuple[int, str]] | None:
    """:func:`_plain_furniture`'s items, from a few scans of the whole list (None: they cannot).

    A speed trick (docs/architecture.md): the list's block, its ASCII
    letters lower-cased, is scanned once by each of :func:`_block_filters`;
    only the items they find, and those with an odd letter
    (:data:`_ODD_LETTER`), are looked at, the plain way.  A list with a
    space other than U+0020 between its words is left to the plain way.
    ``tests/test_speed_headlist.py`` checks that both find the same.
    """
    filters = _block_filters(ctx.phrases, min_words)
    if filters is None:
        return None
    starts = ctx.starts()
    offset = starts[first] - 1  # (from the line break before the list to its last line's end)
    block = ctx.text[offset : starts[last] + len(ctx.lines[last])]
    if any(space in block for space in _ODD_SPACES) or (
        "\r" in block and block.count("\r") != block.count("\r\n") + block.endswith("\r")
    ):
        return None
    # (Lower-casing bytes is much faster than text past ASCII, and leaves what
    # is past ASCII as it is: an item with a cased letter there is looked at.)
    lowered = block.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    starting, spaced = filters
    looked = _lines(starts, offset + 1, starting.finditer(lowered))
    looked |= _lines(starts, offset, spaced.finditer(lowered))
    if not block.isascii():
        heads = ctx.stripped[first : last + 1]
        looked.update(
            index
            for index, text in enumerate(heads, first)
            if not text.isascii() and _ODD_LETTER.search(text)
        )
    if not looked:
        return []
    phrases = ctx.phrases
    stripped = ctx.stripped
    listed = None
    found = []
    for index in sorted(looked):  # (as the plain way does, words counted only when needed)
        text = stripped[index]
        if phrases.match("navigation", text):
            found.append((index, _NAVIGATION))
        elif _arrow_edge(text):
            found.append((index, _ARROW))
        elif (count := word_count(text, min_words)) < min_words:
            if listed is None:
                sizes = (word_count(item, min_words) for item in stripped[first : last + 1])
                listed = sum(size > min_words for size in sizes) >= _REAL_HEADLINES
            if listed:
                found.append((index, _short(count)))
    return found


def _lines(starts: list[int], offset: int, matches: Iterator[re.Match[str]]) -> set[int]:
    """The indexes of the lines where ``matches`` start (``offset``: of the text they were in)."""
    return {bisect_right(starts, offset + match.start()) - 1 for match in matches}


_GLUE_BYTES: Final = (b"aC", b"CcC")
"""A glue point in a text's letter cases (:func:`_letter_cases`): an ASCII small letter
("a"), or a small letter past ASCII (its first byte "C" and its second "c"), before a
capital ("C": an ASCII one, or the first byte of one past ASCII)."""
_WIDE_LETTERS: Final = b"\xc3\xc4\xc5\xce\xcf\xd0\xd1"
"""The first bytes, in UTF-8, of the letters past ASCII of
:data:`~newsdoc.model.chars.SMALL_LETTERS` and :data:`~newsdoc.model.chars.CAPITALS`,
all of two bytes (Latin-1, Latin Extended-A, Greek, Cyrillic;
``tests/test_speed_headlist.py`` checks it)."""


@once
def _letter_cases() -> bytes:
    """A table for ``bytes.translate`` that writes UTF-8 text as letter cases.

    ASCII small letters become ``a``; capitals, and the first byte of a
    letter past ASCII (:data:`_WIDE_LETTERS`), ``C``; a byte after a first
    one ``c``; a line break stays one, anything else becomes a space.
    """
    table = bytearray(b" " * 256)
    table[ord("a") : ord("z") + 1] = b"a" * 26
    table[ord("A") : ord("Z") + 1] = b"C" * 26
    table[0x80:0xC0] = b"c" * 0x40
    for first in _WIDE_LETTERS:
        table[first] = ord("C")
    table[ord("\n")] = ord("\n")
    return bytes(table)


def _glue_lines(block: bytes, first: int) -> set[int]:
    """The lines of ``block`` (UTF-8; the first is line ``first``) with a glue point, and maybe more.

    A speed trick (docs/architecture.md): the block's bytes written as
    letter cases (:func:`_letter_cases`, a C-level ``translate``) and a few
    ``find`` calls do what :func:`_plain_glue_lines`' scan does at many
    times the cost (its pattern tries every small letter).  A line is found
    when it has a glue point, and when it has two letters past ASCII in a
    row (a Greek or Russian word), to be looked at the plain way.
    """
    cases = block.translate(_letter_cases())
    found = set()
    for glue in _GLUE_BYTES:
        at = cases.find(glue)
        while at >= 0:
            found.add(first + cases.count(b"\n", 0, at))
            end = cases.find(b"\n", at)  # (one is enough for the line)
            if end < 0:
                break
            at = cases.find(glue, end + 1)
    return found


def _plain_glue_lines(block: str, first: int) -> set[int]:
    """The lines of ``block`` (the first is line ``first``) with a glue point: the plain way."""
    return {first + block.count("\n", 0, point.start()) for point in _GLUE_POINT.finditer(block)}


def _glued_label(ctx: Context, text: str) -> int:
    """Where a navigation label glued to the start of a headline ends, or 0.

    ``SportsLeBron James...``, ``En directReports:``: the text before the
    first small letter followed by a capital, within the first four words, is
    a label of the phrasebook's ``navigation`` kind, and the glued word occurs
    nowhere else in the file (a brand such as ``HomeKit`` is written the same
    way each time it is named; a glued label makes a word that occurs once).
    """
    glue = _GLUE_POINT.search(text, 0, _LABEL_CHARS)
    if glue is None:
        return 0
    end = glue.start() + 1
    label = text[:end]
    if len(label.split(None, 4)) > 4:
        return 0
    phrase = ctx.phrases.match("navigation", label)
    if phrase is None or phrase.end() < len(label):  # (the whole label is a phrase)
        return 0
    word_start = text.rfind(" ", 0, end) + 1
    word_end = end
    while word_end < len(text) and not text[word_end].isspace():
        word_end += 1
    return end if ctx.text.count(text[word_start:word_end]) == 1 else 0


@rule(
    code="ND226",
    name="glued-section-label",
    severity="warning",
    fix="unsafe",
    bad=dump(
        BODY,
        "Council Approves Budget\nCity > PoliticsVote Splits Along Party Lines\n"
        "SportsLocal Team Wins the Cup\n",
    ),
    good=GOOD,
)
def glued_section_label(ctx: Context) -> None:
    """A section label or a breadcrumb glued onto the start of a headline.

    A page prints the section above a headline (`Sports`, `Realidad > Ficción`) and the
    scraper joins them without a space: `Realidad > FicciónAsí la NASA...`, `SportsLeBron
    James...`. The headline is then no longer the headline: it does not match the same
    story elsewhere and its first word is not a word. Reported: a breadcrumb (`>`, `»`,
    `›`, `→` between spaces) in a headline, up to the glued label after it or the last
    separator; and a label of the phrasebook's `navigation` kind glued to the
    capitalised first word (`Sports`, `News`, `Next`...) when the glued word occurs
    nowhere else in the file (a brand such as `HomeKit` or `SportsCenter` is usually
    named again in the file). A brand that starts with a section word and is named only
    once is reported too (`SportsCenter Host Visits City Hall` alone): that is the rule's
    known false alarm. The fix (unsafe) deletes the label.

    Measured on the 131 real dumps of the shared corpus: 1 finding, right
    (`NextMy6sense Presentation...`, a "Next" link glued to a headline).
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, last = found
    # One scan of the whole list finds the lines worth a closer look: a glue
    # point (a small letter before a capital) or an arrow.
    starts = ctx.starts()
    block = ctx.text[starts[first] : starts[last + 1]]
    marked = any(arrow in block for arrow in _CRUMB_MARKS)
    glued = _glue_lines(block.encode("utf-8", "surrogatepass"), first)
    for index in range(first, last + 1) if marked else sorted(glued):
        text = ctx.stripped[index]
        crumby = marked and any(arrow in text for arrow in _CRUMB_MARKS)
        if not crumby and index not in glued:
            continue
        crumbs = list(_CRUMB.finditer(text)) if crumby else []
        if crumbs:
            end = crumbs[-1].end()
            after = _GLUED.match(text, end)
            label_end = after.end() if after else end
            label = text[:label_end].rstrip()
            message = f"breadcrumb {label!r} at the start of the headline: the page's section path"
        else:
            label_end = _glued_label(ctx, text)
            if not label_end:
                continue
            label = text[:label_end]
            message = f"section label {label!r} glued onto the headline (no space after it)"
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + label_end,
            message,
            f"delete {label!r}",
            [ctx.edit(start, start + label_end, "")],
        )
