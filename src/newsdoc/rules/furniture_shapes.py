"""Page furniture known by its shape, not its words: for ND216 and ND218.

A line that is only a date with a time of day, a contact line (an e-mail
address, a social profile), and a block of links to other articles at the
end of a body.

Article pages end with a list of other articles ("15 Amazing Images of
Stars", "Pochettino fired by Tottenham Pochettino took the club to ..."),
and extractors keep it as paragraphs. Such a block is a run of lines that
are titles, not sentences: no sentence-ending punctuation, a capital
first, a few words. It follows the article's last paragraph, and it ends
the body (or is followed by furniture the other rules find: a copyright
line, "Originally published on ..."). Only the body's last lines are
read: the run is walked back from the end and given up past
:data:`MAX_RUN` lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from typing import Any, Final

from ..model.speed import LazyPattern
from .headlines import CLOSERS

__all__ = ["MAX_RUN", "MIN_RUN", "contact_line", "teaser_block", "timestamp_lines"]

_YEAR: Final = LazyPattern(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME: Final = LazyPattern(r"(?<!\d)[0-2]?\d:[0-5]\d(?!\d)")
# What makes a time a page's timestamp, not an event's: seconds, an ISO "T", a zone.
_STAMP: Final = LazyPattern(
    r"\d:[0-5]\d:[0-5]\d|\dT[0-2]\d:|[+-][01]\d:?[0-5]\d\b|\b(?:UTC|GMT|MSK|[A-Z]{1,4}T)\b"
)
_CONTACT: Final = LazyPattern(
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://)?(?:www\.)?"
    r"(?:twitter|x|facebook|instagram|linkedin|threads|bsky)\.(?:com|net|app|in|social)/[\w.@/-]+"
    r"|@\w{2,30})[\s.]*\Z",
    re.IGNORECASE,
)


def contact_line(text: str) -> bool:
    """Whether ``text`` is only an e-mail address or a social profile ("twitter.com/janedoe", "@janedoe")."""
    return _CONTACT.match(text) is not None


def timestamp_lines(
    lines: Sequence[str],
    first: int,
    last: int,
    done: Container[int],
    date: Callable[[str], Any],
) -> list[int]:
    """The body's lines that are only a date with a year and a time of day, wherever they are.

    "2019-11-19T08:57:40+01:00", "November 20, 2019 - 11:28 AMT": a date,
    a year and a time with seconds, an ISO "T" or a time zone, alone (an
    event's "Friday, 29 November 2019, 19:00" is not reported). ``date`` matches a line
    that is only a date (the phrasebook's `date` words); ``done`` are the
    lines already reported. A cheap test (a colon, at most 60 characters)
    passes over the other lines.
    """
    return [
        index
        for index in range(first, last + 1)
        if ":" in (text := lines[index])
        and len(text) <= 60
        and index not in done
        and _TIME.search(text)
        and _STAMP.search(text)
        and _YEAR.search(text)
        and date(text)
    ]


MIN_RUN: Final = 3
"""A block has at least this many lines (titles, or furniture between them)."""
MAX_RUN: Final = 10
"""A longer run of title-like lines is a list of the article's own, not links."""
MIN_WORDS: Final = 5
"""A title has at least this many words ("15 Amazing Images of Stars")..."""
MIN_LETTER_WORDS: Final = 3
"""... and this many of them with letters (not "29 November 2018 | 20 January 2019")."""
MAX_WORDS: Final = 30
MAX_CHARS: Final = 200
TRAILING: Final = 3
"""How many furniture lines (found by the other rules) may follow the block."""
_WORD_EDGES: Final = "\"'“”‘’«»()[]{}*_.,:;!?"
_NOT_TITLE_END: Final = ".!;:,…"
_PROSE_END: Final = ".!?…" + CLOSERS


def _title_like(text: str) -> bool:
    """Whether ``text`` has the shape of an article's title: a few words, capitals, no full stop."""
    if len(text) > MAX_CHARS:
        return False
    start = text.lstrip("\"'“‘«")[:1]
    if not (start.isupper() or start.isdigit()):
        return False
    if text.rstrip(CLOSERS)[-1:] in _NOT_TITLE_END:
        return False
    words = text.split()
    if len(words) > MAX_WORDS:
        return False
    if len(words) < MIN_WORDS:
        return False
    if sum(1 for word in words if any(char.isalpha() for char in word)) < MIN_LETTER_WORDS:
        return False
    # A name or a Title Case word after the first: not a line of a song or a plain list.
    return any(
        word[:1].isupper()
        and len(word.strip(_WORD_EDGES)) > 1
        and not word.startswith(("I'", "I’"))
        for word in words[1:]
    )


def teaser_block(lines: Sequence[str], first: int, last: int, found: Container[int]) -> list[int]:
    """The indexes of the title lines of a block of links that ends the body, or [].

    ``lines`` are the text's lines (stripped), ``first`` and ``last`` the
    body's, ``found`` the lines the other furniture rules report (they may
    follow the block, and stand inside it). The line before the block must
    end a sentence or be furniture: a list the article introduces ("The
    winners are:") is its own.
    """
    end = last
    while end >= first and end in found and last - end < TRAILING:
        end -= 1
    titles: list[int] = []
    index = end
    while index >= first and end - index < MAX_RUN:
        if index in found:
            if not titles:
                return []
        elif _title_like(lines[index]):
            titles.append(index)
        else:
            break
        index -= 1
    if index < first or (end - index >= MAX_RUN and _title_like(lines[index])):
        return []  # the whole body, or a longer list: the article's own lines
    if end - index < MIN_RUN or len(titles) < 2:
        return []
    before = lines[index]
    if index not in found and before.rstrip()[-1:] not in _PROSE_END:
        return []
    return sorted(titles)
