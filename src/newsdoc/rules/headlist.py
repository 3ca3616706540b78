"""Headline-list rules (ND220, ND226): menu items and section labels among the headlines.

A page's links are not all headlines: menus, legal and promotional links,
previous/next arrows and one-word section links end up in the headline list,
and section labels or breadcrumbs get glued onto real headlines.  The
wording comes from the phrasebook's ``navigation`` kind
(:mod:`newsdoc.rules.phrasebook`, ``ctx.phrases``); the rules add the shapes
no phrase list holds (arrows at an edge, one word, a glued label).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any, Final

from ..model.chars import (
    CAPITALS,
    LINK_ARROWS_AFTER,
    LINK_ARROWS_BEFORE,
    SMALL_LETTERS,
    charset,
)
from ..model.speed import LazyPattern, once
from .base import Context, Option, rule
from .examples import BODY, GOOD, dump
from .phrasebook import Phrasebook
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
    phrases = ctx.phrases
    heads = ctx.stripped[first : last + 1]
    counts = [word_count(text, min_words) for text in heads]
    # (Short items are menu items only in a list of real headlines.)
    listed = sum(count > min_words for count in counts) >= _REAL_HEADLINES
    cheap = _ascii_filter(phrases)
    for index, text, count in zip(range(first, last + 1), heads, counts, strict=True):
        if (cheap is None or not text.isascii() or cheap(text.lower())) and phrases.match(
            "navigation", text
        ):
            message = "a menu, legal or promotional link"
        elif _arrow_edge(text):
            message = "a previous/next, read-more or promotional link (an arrow at its edge)"
        elif count < min_words and listed:
            message = f"a section or menu link ({count} word{'s' if count != 1 else ''})"
        else:
            continue
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + len(text),
            f"headline-list item is page furniture, not a headline: {message}",
            "delete the item",
            [ctx.line_deletion(index)],
        )


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
    glued = {
        bisect_right(starts, starts[first] + m.start()) - 1 for m in _GLUE_POINT.finditer(block)
    }
    for index in range(first, last + 1):
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
