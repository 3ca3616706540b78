"""The one pass over the body that the page-furniture rules share (ND216, ND217, ND219, ND227).

:func:`furniture` tells what each body line that looks like page furniture
is, once per text (``ctx.cache``); the rules of :mod:`newsdoc.rules.furniture`
report the kinds they are about.
"""

from __future__ import annotations

from typing import Final

from ..model.chars import CASE_FOLDED_APART
from ..model.speed import LazyPattern, once
from .base import Context
from .phrasebook import FLAGS, Phrasebook

__all__ = ["KINDS", "MAX_CHARS", "SHORT_CHARS", "Found", "few_words", "furniture"]

MAX_CHARS: Final = 300
"""Longer lines are paragraphs, never furniture (the rules skip them)."""
SHORT_CHARS: Final = 120
"""Lines up to this long may be a notice with its phrase after a few words."""
_COPYRIGHT: Final = LazyPattern(r"(?<!\S)©")  # not the "Ã©" of mojibake
# "— Jane Doe (@janedoe) January 5, 2020": the signature of an embedded tweet.
_TWEET: Final = LazyPattern(
    "[—–-]\\s*[^()]{1,60}\\(@\\w{1,15}\\)\\s*(?:\\w+\\.?\\s+\\d{1,2},\\s+\\d{4}|\\d{1,2}\\s+\\w+\\s+\\d{4})"
)

Found = dict[int, tuple[str, str]]
KINDS: Final = ("embed", "related", "boilerplate", "credit")
"""The kinds looked for on every body line, in this order (the first found is the line's)."""


def furniture(ctx: Context) -> Found:
    """What each body line that looks like furniture is: index -> (kind, the phrase found).

    One pass over the body, shared by the family's rules (made once per
    text): one match of one pattern per line for the phrases of
    :data:`KINDS` (:meth:`Phrasebook.classify`), then the forms that are
    not phrases: a tweet (kind ``tweet``), a credit in brackets or after a
    caption's sentence (``caption``), a copyright sign in a short line
    (``copyright``).  The phrases found after a few words ("... All rights
    reserved") cost a scan of the line's first words: only lines of at most
    :data:`SHORT_CHARS` characters, where notices are, get one.
    """
    cached = ctx.cache.get("furniture")
    if cached is not None:
        return cached  # type: ignore[return-value]
    found: Found = {}
    if ctx.runs:
        first, last = ctx.runs[0]
        stripped = ctx.stripped
        phrases = ctx.phrases
        classify = phrases.classify
        every = phrases.union(KINDS).match
        starting = phrases.union(KINDS, starting=True).match
        # (speed tricks: one test of the whole text spares each line's, as most texts
        # hold none of these letters; and a test for one character, many times faster
        # than for two, goes first)
        apart = not ctx.text.isascii() and any(map(ctx.text.__contains__, CASE_FOLDED_APART))
        for index in range(first, last + 1):
            text = stripped[index]
            size = len(text)
            if ("/" in text and "pic.twitter.com/" in text) or (
                "@" in text and "(@" in text and _TWEET.search(text)
            ):
                found[index] = ("tweet", "")
                continue
            if size > MAX_CHARS:
                continue
            short = size <= SHORT_CHARS
            hit = None
            if (every if short else starting)(text.lower()) or (
                apart and not CASE_FOLDED_APART.isdisjoint(text)
            ):
                hit = classify(KINDS, text, starting=not short)
            if hit is not None:
                found[index] = (hit[0], hit[1].group())
            elif text[-1] in "]|" and (tag := _tag(phrases, text)):
                found[index] = ("related", tag)
            elif text[-1] in ")]." and ("(" in text or "[" in text):
                if _bracketed_credit(phrases).search(text):
                    found[index] = ("caption", "")
            elif size <= SHORT_CHARS and "." in text and _trailing_credit(phrases).search(text):
                found[index] = ("caption", "")
            elif "©" in text[1:] and few_words(text, 25) and _COPYRIGHT.search(text, 1):
                found[index] = ("copyright", "")
    ctx.cache["furniture"] = found
    return found


def _tag(phrases: Phrasebook, text: str) -> str:
    """The label that ends ``text`` ("[VIDEO]") if it is one of the `tag` kind's, else ""."""
    end = text.rfind("]")
    start = text.rfind("[", 0, end)
    if start <= 0 or end - start > 30:
        return ""
    label = text[start + 1 : end]
    return f"[{label}]" if phrases.match("tag", label) else ""


def few_words(text: str, limit: int) -> bool:
    """Whether ``text`` has at most ``limit`` words."""
    return len(text.split(None, limit)) <= limit


@once
def _bracketed_credit(book: Phrasebook) -> LazyPattern:
    """A credit in brackets at the end of a line: "(Getty Images)", "[AP Photo/Jane Doe]"."""
    agencies = book.alternation("agency")
    return LazyPattern(f"[(\\[]\\s*{agencies}[^()\\[\\]]{{0,60}}[)\\]][\\s.]*\\Z", FLAGS)


@once
def _trailing_credit(book: Phrasebook) -> LazyPattern:
    """A credit after a caption's sentence: ". Photograph: Jane Doe/Reuters", ". Reuters", ".Reuters"."""
    credits = book.alternation("credit")
    agencies = book.alternation("agency")
    return LazyPattern(f"[.!?](?:\\s+{credits}|\\s*{agencies}[\\s.]*\\Z)", FLAGS)
