"""Body rules (ND202, ND205): what the article's paragraphs hold."""

from __future__ import annotations

import re
from typing import Final

from ..model.speed import LazyPattern
from .base import Context, Option, rule
from .examples import BODY, GOOD, dump
from .headlines import CLOSERS, SENTENCE_END, words

__all__ = ["body_line_looks_like_headline", "duplicate_paragraph"]

BODY_END: Final = SENTENCE_END + ":;,"
_LETTER: Final = LazyPattern(r"[^\W\d_]")
# Short body lines that are not headlines: a credit or note in brackets,
# "(Reporting by ...)", "[Editor's note ...]", and a byline, "By Jane Smith".
_NOT_A_HEADLINE: Final = LazyPattern(r"\(.*\)\Z|\[.*\]\Z|by\s", re.IGNORECASE | re.DOTALL)


def _body(ctx: Context) -> tuple[int, list[str]] | None:
    """The index of the first paragraph and the paragraph texts, or None without a body."""
    if not ctx.runs:
        return None
    first, last = ctx.runs[0]
    return first, ctx.stripped[first : last + 1]


@rule(
    code="ND202",
    name="duplicate-paragraph",
    severity="warning",
    fix="unsafe",
    deletes="body",
    bad=dump(BODY + "The vote was 7 to 2.\n"),
    good=GOOD,
)
def duplicate_paragraph(ctx: Context) -> None:
    """A body paragraph that repeats an earlier one exactly.

    Repeated paragraphs are scraping debris: pull quotes, captions, 'Advertisement' or
    'Read more' lines caught more than once. The later copy is reported, naming the line
    of the first; the fix deletes it.
    """
    found = _body(ctx)
    if found is None:
        return
    first, body = found
    if len(set(body)) == len(body):
        return
    seen: dict[str, int] = {}
    for index, text in enumerate(body, first):
        if text not in seen:
            seen[text] = index
            continue
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + len(text),
            f"duplicate paragraph: same text as line {seen[text] + 1}",
            "delete the duplicate paragraph",
            [ctx.line_deletion(index)],
        )


@rule(
    code="ND205",
    name="body-line-looks-like-headline",
    severity="warning",
    fix=None,
    options=(Option("max-words", 12, "body lines with more words than this are not reported"),),
    bad=dump("Council Approves Budget\n" + BODY),
    good=GOOD,
)
def body_line_looks_like_headline(ctx: Context) -> None:
    """A short body line with no sentence-ending punctuation.

    Body paragraphs are sentences; a short line that does not end in `.`, `!`, `?`, `…`,
    `:`, `;` or `,` (before any closing quotes or brackets) looks like a headline, which
    usually means the separator is missing before it or the article's title was scraped
    into the body. Not reported: lines of more than `max-words` words (truncated
    paragraphs, not headlines), lines without a letter (rules such as `___` or `* * *`),
    bylines (`By Jane Smith`) and credits or notes in brackets (`(Reporting by Jane
    Smith; Editing by Tom Lee)`).
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
            f"body line looks like a headline ({words(count)}, no sentence-ending "
            "punctuation); is the separator missing before it?",
        )
