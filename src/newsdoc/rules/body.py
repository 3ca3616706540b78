"""Body rules (ND202, ND205): what the article's paragraphs hold."""

from __future__ import annotations

import re
from typing import Final

from ..model.speed import LazyPattern
from .base import Context, EditSpec, Option, rule
from .examples import BODY, GOOD, dump
from .headlines import CLOSERS, SENTENCE_END, words

__all__ = ["body_line_looks_like_headline", "duplicate_paragraph"]

BODY_END: Final = SENTENCE_END + ":;,"
_LETTER: Final = LazyPattern(r"[^\W\d_]")
_WORD: Final = LazyPattern(r"\w+")
_QUOTES_AFTER: Final = "\"'”’»›"
# Short body lines that are not headlines: a credit or note in brackets,
# "(Reporting by ...)", "[Editor's note ...]", and a byline, "By Jane Smith".
_NOT_A_HEADLINE: Final = LazyPattern(r"\(.*\)\Z|\[.*\]\Z|by\s", re.IGNORECASE | re.DOTALL)


def _body(ctx: Context) -> tuple[int, list[str]] | None:
    """The index of the first paragraph and the paragraph texts, or None without a body."""
    if not ctx.runs:
        return None
    first, last = ctx.runs[0]
    return first, ctx.stripped[first : last + 1]


def _prose(text: str, min_words: int) -> bool:
    """Whether a paragraph is a sentence of at least ``min_words`` words with letters."""
    trimmed = text.rstrip(_QUOTES_AFTER)
    if not trimmed or trimmed[-1] not in SENTENCE_END:
        return False
    return sum(1 for word in text.split() if _LETTER.search(word)) >= min_words


def _teaser(body: list[str], first: int, second: int) -> bool:
    """Whether the copy at ``first`` is a teaser (standfirst) of the one at ``second``.

    It is the body's first paragraph and stands alone: the paragraph after it
    is not repeated after the other copy (a repeated block is kept in order
    by deleting its later copy).
    """
    if first != 0 or second == 1:
        return False
    return second + 1 >= len(body) or body[1] != body[second + 1]


@rule(
    code="ND202",
    name="duplicate-paragraph",
    severity="warning",
    fix="unsafe",
    deletes="body",
    options=(
        Option("min-words", 10, "paragraphs with fewer words (with letters) are not reported"),
    ),
    bad=dump(
        "The council approved the budget on Monday after a debate that lasted six hours.\n"
        "The vote was 7 to 2.\n"
        "The council approved the budget on Monday after a debate that lasted six hours.\n"
    ),
    good=dump(
        "The council approved the budget on Monday after a debate that lasted six hours.\n"
        "The vote was 7 to 2.\n"
    ),
)
def duplicate_paragraph(ctx: Context) -> None:
    """A sentence-like body paragraph repeated by scraping: seen twice, or in a repeated block.

    A paragraph of prose repeated word for word is scraping debris: a block of the
    article caught twice, or a teaser (standfirst) that repeats a paragraph of the
    article. Only paragraphs of at least `min-words` words that end like a sentence are
    compared. A paragraph seen exactly twice is reported; one seen three times or more
    (counting copies that differ only in punctuation or case) is the structure of the
    page, such as the questions of an interview, and is reported only where the
    paragraph before or after it repeats too (a repeated block). Short lines
    (subheadings, list items, labels, separators, the items of a recipe) are repeated on
    purpose by real pages and are not compared. Before this rule was limited so, it
    made 286 findings on the 131 dumps of `real-en`, of which only the 24 copies of the
    paragraphs of one newsletter caught three times were scraping debris (8%); the rest
    were meal plans, an interview's questions, product features, separators and source
    labels. Now it makes 16 findings there, all copies in that newsletter.

    The fix deletes one copy and keeps the one that is in its place: the later copy,
    unless the first copy is the body's first paragraph standing alone (a teaser of a
    paragraph further on), in which case the teaser is deleted. A repeated block is kept
    in order (its later copy is deleted). The fix is unsafe: review it.
    """
    found = _body(ctx)
    if found is None:
        return
    first, body = found
    if len(set(body)) == len(body):
        return
    min_words = ctx.option("min-words")
    places: dict[str, list[int]] = {}
    for position, text in enumerate(body):
        places.setdefault(text, []).append(position)
    folded: dict[str, int] | None = None
    for text, where in places.items():
        if len(where) < 2 or not _prose(text, min_words):
            continue
        if folded is None:
            folded = _folded_counts(body)
        if len(where) == 2 and folded[_fold(text)] == 2:
            one, two = where
            if _teaser(body, one, two):
                _report_copy(ctx, first, text, one, two, "; this first copy looks like a teaser")
            else:
                _report_copy(ctx, first, text, two, one, "")
            continue
        _report_blocks(ctx, first, body, text, where)


def _fold(text: str) -> str:
    """A paragraph without case, punctuation or spacing: copies that differ only so are one."""
    return " ".join(_WORD.findall(text.casefold()))


def _folded_counts(body: list[str]) -> dict[str, int]:
    """How many times each paragraph appears, counted by :func:`_fold`."""
    counts: dict[str, int] = {}
    for text in body:
        key = _fold(text)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _report_blocks(ctx: Context, first: int, body: list[str], text: str, where: list[int]) -> None:
    """Report each copy of ``text`` whose neighbour repeats the neighbour of an earlier copy.

    The earlier copies' neighbours are kept by text (the first copy with each),
    so a paragraph repeated many times costs one pass.
    """
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    last = len(body) - 1
    for position in where:
        previous = body[position - 1] if position else None
        following = body[position + 1] if position < last else None
        earlier = before.get(previous) if previous is not None else None
        if earlier is None and following is not None:
            earlier = after.get(following)
        if earlier is not None:
            _report_copy(ctx, first, text, position, earlier, " (a repeated block)")
        if previous is not None:
            before.setdefault(previous, position)
        if following is not None:
            after.setdefault(following, position)


def _report_copy(ctx: Context, first: int, text: str, deleted: int, kept: int, why: str) -> None:
    """Report the copy at body position ``deleted`` of a paragraph also at ``kept``."""
    index = first + deleted
    start = ctx.text_start(index)
    ctx.report(
        start,
        start + len(text),
        f"duplicate paragraph: same text as line {first + kept + 1}{why}",
        "delete this copy of the paragraph",
        [_paragraph_deletion(ctx, index)],
    )


def _paragraph_deletion(ctx: Context, index: int) -> EditSpec:
    """An edit deleting body line ``index`` with its line break (the first line too)."""
    if index:
        return ctx.line_deletion(index)
    starts = ctx.starts()  # the first line: keep a BOM; the next line takes its place
    return ctx.edit(starts[0] + (1 if ctx.bom else 0), starts[1], "")


@rule(
    code="ND205",
    name="body-line-looks-like-headline",
    severity="warning",
    fix=None,
    opt_in=True,
    options=(Option("max-words", 12, "body lines with more words than this are not reported"),),
    bad=dump("Council Approves Budget\n" + BODY),
    good=GOOD,
)
def body_line_looks_like_headline(ctx: Context) -> None:
    """A short body line with no sentence-ending punctuation (opt-in).

    Body paragraphs are sentences; a short line that does not end in `.`, `!`, `?`, `…`,
    `:`, `;` or `,` (before any closing quotes or brackets) is something else: on real
    dumps it is a subheading, a list item, a byline, a credit, a date or a link to
    another article, almost never a headline whose separator is missing. Not reported:
    lines of more than `max-words` words (truncated paragraphs), lines without a letter
    (rules such as `___` or `* * *`), bylines (`By Jane Smith`) and credits or notes in
    brackets (`(Reporting by Jane Smith; Editing by Tom Lee)`).

    **Opt-in** (`extend-select = ["ND205"]`): its precision is too low to be on by
    default. On the 131 dumps of `real-en` it made 714 findings; 117 of them (16%) were
    on lines labelled as page furniture, and in a seeded sample of 20 findings 3 were a
    problem (a "Read more:" link, a timestamp, a link to another article) and 17 were
    the article's own subheadings, list items and names. Rules for page furniture
    (related links, boilerplate, bylines, captions) report those lines by what they are.
    """
    found = _body(ctx)
    if found is None:
        return
    first, body = found
    max_words = ctx.option("max-words")
    for index, text in enumerate(body, first):
        if text[-1] in BODY_END:
            continue
        trimmed = text.rstrip(CLOSERS)
        if trimmed and trimmed[-1] in BODY_END:
            continue
        # (Splitting stops past the limit: a paragraph is long.)
        count = len(text.split(None, max_words))
        if count > max_words or not _LETTER.search(text) or _NOT_A_HEADLINE.match(text):
            continue
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + len(text),
            f"short body line without sentence punctuation ({words(count)}): a subheading, "
            "byline, credit or page furniture?",
        )
