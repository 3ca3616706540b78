"""Shape rules (ND221, ND225): text cut off, and dumps that are not articles.

ND221 reads the end of each line only (its last word, an ellipsis); ND225
reads the body's lines' lengths and ends once per file.  The words a line
does not end with are data (``rules/data/dangling.txt``, by language), read
the first time a rule needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from ..model.speed import once
from .base import Context, Option, rule
from .examples import GOOD, HEADS, dump
from .headlines import CLOSERS, SENTENCE_END

__all__ = ["not_an_article", "truncated_text"]

DATA: Final = Path(__file__).with_name("data")
_ELLIPSES: Final = ("...", "…")
_PUNCTUATION: Final = ".!?…:;,"
_WORD_EDGES: Final = "\"'“”‘’«»()[]{}*_"
_BRACKETS: Final = ")]}"


@once
def dangling_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words no line ends with ("never"), and those that end none before an ellipsis ("weak").

    Read from ``data/dangling.txt``: sections ``[LANGUAGE.never]`` and
    ``[LANGUAGE.weak]``, words separated by whitespace, ``#`` comments.
    """
    never: set[str] = set()
    weak: set[str] = set()
    kind: set[str] | None = None
    for raw in (DATA / "dangling.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            kind = never if line.endswith(".never]") else weak
            continue
        assert kind is not None, "dangling.txt: words before the first section"
        kind.update(line.split())
    return frozenset(never), frozenset(weak - never)


def _last_word(text: str) -> str:
    """The last word of a line, without ellipsis, quotes or brackets around it."""
    trimmed = text.rstrip(CLOSERS).rstrip(".…").rstrip(CLOSERS)
    cut = max(trimmed.rfind(" "), trimmed.rfind("\t"))
    return trimmed[cut + 1 :].strip(_WORD_EDGES)


def _is_one_of(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is in ``words``, ignoring case (a one-letter word must be lower case)."""
    if len(word) == 1:
        return word in words
    return word.lower() in words


def _ellipsis(text: str) -> bool:
    """Whether a line ends in an ellipsis (``...`` or ``…``) outside a quotation.

    An ellipsis before a closing quote (``"a start, but..."``) is a quotation
    trailing off, not cut text.
    """
    return text.endswith(_ELLIPSES) or (
        text.rstrip(_BRACKETS).endswith(_ELLIPSES) and text[-1] in _BRACKETS
    )


def _cut_body_line(text: str, last: bool, weak: frozenset[str], never: frozenset[str]) -> bool:
    """Whether a body line that ends in an ellipsis was cut off (and not trailing off).

    On the shared real corpus, body lines ending in an ellipsis are cut-off
    teasers and paywalled text when the ellipsis ends the article, has four
    dots, follows a full sentence (``Know."...``) or a word that cannot end
    one (``you need to...``); the others were prompts ("Tell us what YOU
    think...") and an ellipsis introducing a quotation, which are not cut.
    """
    if last or text.endswith("...."):
        return True
    stem = text.rstrip(CLOSERS)
    stem = stem[:-3] if stem.endswith("...") else stem[:-1]
    stem = stem.rstrip(CLOSERS + " ")
    if stem[-1:] in ".!?":
        return True
    word = _last_word(stem)
    return _is_one_of(word, never) or _is_one_of(word, weak)


@rule(
    code="ND221",
    name="truncated-text",
    severity="warning",
    fix=None,
    bad=dump(
        heads="Council Approves Budget After Long Debate Over the…\nVote Splits Along Party Lines\n"
    ),
    good=GOOD,
)
def truncated_text(ctx: Context) -> None:
    """A headline or paragraph that was cut off: it ends in an ellipsis or mid-sentence.

    Pages shorten headlines in lists and teasers to fit a box (`Beijing warns US
    diplomat over Hong Kong rights bill...`, `students trapped in vi...`), paywalls cut
    articles (`may receive further discipline....`), and scrapers cut lines at a fixed
    length; the text that is left is not the headline or paragraph the page meant.
    Reported: a headline that ends in `...` or `…`; a line (headline or paragraph) that
    ends in a word no sentence ends with (`and`, `the`, `with`; German `und`, `der`;
    French `et`, `les`; see `rules/data/dangling.txt`), which is cut text or a paragraph
    broken across lines; and a paragraph ending in an ellipsis that is cut text: the
    article's last line, four dots, an ellipsis after a full sentence or after a word
    such as `to` or `of`.

    Measured on the 131 real dumps of the shared corpus: 55 findings in 24 files, 53
    judged right (cut headlines and teasers, paywalled last paragraphs, paragraphs broken
    across lines; 10 of the headlines end in a teaser's `…` mark after a whole headline),
    2 false (a headline whose ellipsis is meant: `And the Grammy nomination could go
    to...`).

    Not reported: a paragraph whose ellipsis trails off or introduces what follows
    (`Tell us what YOU think...`, `Google confirmed this in a statement…` before the
    quotation), and an ellipsis inside a quotation, before its closing quote (`"a start,
    but..."`): the quotation trails off. On the 131 real dumps of the shared corpus, 4 of the 11 paragraphs
    ending in an ellipsis were such, and none of the reported 7. A word cut in the
    middle with no ellipsis (`at the airport termin`) is not found: telling it from a
    whole word needs a dictionary.
    """
    never, weak = dangling_words()
    stripped = ctx.stripped
    for number, (first, last) in enumerate(ctx.runs[:2]):
        headlines = number == 1
        for index in range(first, last + 1):
            text = stripped[index]
            end = text[-1]
            if end in CLOSERS or end in ".…":
                if not _ellipsis(text):
                    continue
                if headlines:
                    message = (
                        "headline ends in an ellipsis: the page or the scraper shortened it "
                        "(a teaser?)"
                    )
                elif _cut_body_line(text, index == last, weak, never):
                    message = "paragraph ends in an ellipsis: cut off (a teaser or paywall?)"
                else:
                    continue
            elif end in _PUNCTUATION or not end.isalpha():
                continue
            else:
                word = _last_word(text)
                if not _is_one_of(word, never) or len(text.split(None, 3)) < 3:
                    continue
                following = stripped[index + 1] if index < last else ""
                if headlines:
                    message = f"headline ends in {word!r}: cut off mid-sentence"
                elif following[:1].islower():
                    message = (
                        f"paragraph ends in {word!r} and the sentence goes on in the next "
                        "line: a line break inside a paragraph"
                    )
                else:
                    message = (
                        f"paragraph ends in {word!r}: cut off mid-sentence, or a line break "
                        "inside a paragraph"
                    )
            start = ctx.text_start(index)
            ctx.report(start, start + len(text), message)


def _words(text: str, limit: int) -> int:
    """How many words a line has, up to ``limit + 1``.

    A script written without spaces (Japanese, Chinese, Thai) counts one word
    for two characters of a line whose "words" are over 8 characters long.
    """
    count = len(text.split(None, limit))
    if count * 8 < len(text):
        count = max(count, len(text) // 2)
    return count


def _sentence_like(text: str, min_words: int) -> bool:
    """Whether a line reads as prose: enough words and a sentence end inside or at its end."""
    if _words(text, min_words) < min_words:
        return False
    stem = text.rstrip(CLOSERS)
    if stem[-1:] in SENTENCE_END:
        return True
    return any(f"{mark} " in text for mark in ".!?") or "。" in stem


@rule(
    code="ND225",
    name="not-an-article",
    severity="warning",
    fix=None,
    options=(
        Option("min-words", 8, "a line of fewer words is never prose"),
        Option("short-words", 4, "a line of at most this many words is short"),
        Option("min-lines", 3, "bodies of fewer lines are not reported"),
    ),
    bad=dump("Home\nShop\nCart (0)\nSize: M\nAdd to basket\nPrice: $19.99\n", HEADS),
    good=GOOD,
)
def not_an_article(ctx: Context) -> None:
    """A dump whose body is probably not an article: no line of prose, mostly short lines.

    An article has sentences. A body in which no line of at least `min-words` words
    ends in sentence punctuation or holds a sentence end, and at least half of whose
    lines have at most `short-words` words, is a page of another kind: a shop page, a
    menu, a wiki's chrome, an error page ("Page not found"), a list of links. It is
    reported once, at the first line, so that a whole file can be dropped or sent back.
    Bodies of fewer than `min-lines` lines are not reported (examples and tests are
    often that small).
    On the 131 real article pages of the shared corpus the rule reports nothing (a race
    calendar and a hard-wrapped article, its nearest pages, each have a line of prose).
    """
    if not ctx.runs:
        return
    first, last = ctx.runs[0]
    body = ctx.stripped[first : last + 1]
    if len(body) < ctx.option("min-lines"):
        return
    min_words = ctx.option("min-words")
    if any(_sentence_like(text, min_words) for text in body):
        return
    limit = ctx.option("short-words")
    short = sum(_words(text, limit) <= limit for text in body)
    if short * 2 < len(body):
        return
    start = ctx.text_start(first)
    ctx.report(
        start,
        start + len(body[0]),
        f"probably not an article: no line of the body reads as prose, and {short} of its "
        f"{len(body)} lines are short (a shop, menu or wiki page, an error page?)",
    )
