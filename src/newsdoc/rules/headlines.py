"""Headline rules (ND201, ND203, ND204, ND206): what the headline list holds.

Each rule first tests all headlines at once with cheap built-ins and looks
at single headlines only when that test finds a candidate.
"""

from __future__ import annotations

from typing import Final

from ..model.speed import LazyPattern
from .base import Context, Option, rule
from .examples import GOOD, dump
from .spacing import spaced

__all__ = [
    "duplicate_headline",
    "ends_with_period",
    "headline_ends_with_period",
    "headline_looks_like_paragraph",
    "headline_too_long",
]

SENTENCE_END: Final = ".!?…。！？؟"
CLOSERS: Final = "\"'”’»›)]}"
_ENDINGS: Final = frozenset(SENTENCE_END + CLOSERS)
_WHITESPACE_RUN: Final = LazyPattern(r"[ \t]{2,}|\t")  # (a lone space is already one)
_INITIALISM: Final = LazyPattern(r"(?:[A-Za-z]{1,2}\.){2,}")
# Abbreviations a headline may end with (AP style, and common titles).
_ABBREVIATIONS: Final = """
    Inc. Ltd. Co. Corp. Bros. Jr. Sr. Dr. Mr. Mrs. Ms. Prof. St. Mt. Ft. Ave. Blvd. Rd. No.
    vs. v. etc. Gov. Sen. Rep. Gen. Col. Lt. Sgt. Capt. Adm. Cmdr. Rev. Hon. Esq. Jan. Feb.
    Aug. Sept. Sep. Oct. Nov. Dec. Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill.
    Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nev. Okla. Ore. Pa. Tenn.
    Vt. Va. Wash. Wis. Wyo.
    """
ABBREVIATIONS: Final = frozenset(_ABBREVIATIONS.split())


def words(count: int) -> str:
    """``"1 word"``, ``"12 words"``."""
    return "1 word" if count == 1 else f"{count} words"


def _headlines(ctx: Context) -> tuple[int, list[str]] | None:
    """The index of the first headline and the headline texts, or None without a headline list."""
    if len(ctx.runs) < 2:
        return None
    first, last = ctx.runs[1]
    return first, ctx.stripped[first : last + 1]


@rule(
    code="ND201",
    name="duplicate-headline",
    severity="warning",
    fix="unsafe",
    deletes="headlines",
    bad=dump(
        heads="Council Approves Budget\nVote Splits Along Party Lines\nCouncil approves budget\n"
    ),
    good=GOOD,
)
def duplicate_headline(ctx: Context) -> None:
    """A headline that repeats an earlier one.

    Headlines are compared ignoring case and runs of whitespace. A repeated headline
    usually comes from a page that lists the same story twice (top story and list). The
    later copy is reported, naming the line of the first; the fix deletes it.
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, heads = found
    joined = "\n".join(heads)
    # (One call; casefolding never makes a line break.  For ASCII, lower() is
    # the same and several times faster.)
    folded = joined.lower() if joined.isascii() else joined.casefold()
    if spaced(ctx):
        folded = _WHITESPACE_RUN.sub(" ", folded)
    keys = folded.split("\n")
    if len(set(keys)) == len(keys):
        return
    seen: dict[str, int] = {}
    for index, key in enumerate(keys, first):
        if key not in seen:
            seen[key] = index
            continue
        start = ctx.text_start(index)
        ctx.report(
            start,
            start + len(ctx.stripped[index]),
            f"duplicate headline: same as line {seen[key] + 1}",
            "delete the duplicate headline",
            [ctx.line_deletion(index)],
        )


@rule(
    code="ND203",
    name="headline-too-long",
    severity="warning",
    fix=None,
    options=(Option("max-length", 150, "the longest headline allowed, in characters"),),
    bad=dump(
        heads="Council Approves Budget After Marathon Session in Which Members Debated "
        "Road Repairs, School Funding, Park Maintenance, Library Hours and the Future "
        "of the Old Bus Depot\nVote Splits Along Party Lines\n"
    ),
    good=GOOD,
)
def headline_too_long(ctx: Context) -> None:
    """A headline longer than the limit (150 characters by default).

    News headlines are short. A very long one is usually a teaser or a paragraph in the
    headline list, or several headlines run together. The range covers the characters
    past the limit.
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, heads = found
    max_length = ctx.option("max-length")
    if max(map(len, heads)) <= max_length:
        return
    for index, text in enumerate(heads, first):
        if len(text) > max_length:
            start = ctx.text_start(index)
            ctx.report(
                start + max_length,
                start + len(text),
                f"headline is {len(text)} characters long, more than {max_length}",
            )


def ends_with_period(text: str) -> bool:
    """Whether a headline ends in a full stop that is not an ellipsis or an abbreviation."""
    if not text.endswith(".") or text.endswith(".."):
        return False
    token = text.rsplit(None, 1)[-1].lstrip("([\"'“‘")
    return not (_INITIALISM.fullmatch(token) or token in ABBREVIATIONS)


@rule(
    code="ND204",
    name="headline-ends-with-period",
    severity="warning",
    fix="unsafe",
    opt_in=True,
    bad=dump(heads="Council Approves Budget.\nVote Splits Along Party Lines\n"),
    good=dump(heads="Council Approves Budget\nTalks Resume in Washington, D.C.\n"),
)
def headline_ends_with_period(ctx: Context) -> None:
    """A headline that ends in a full stop.

    Headlines do not end in a full stop; a line of the headline list that does is a
    stray period, or a sentence: a teaser or description scraped with the link, a
    prompt ("Learn more."), a sentence from the body. Not reported: an ellipsis (`...`
    or `…`), and abbreviations such as `U.S.`, `D.C.`, `a.m.`, `Inc.`, `Jr.` or `St.`
    The fix deletes the period.

    Precision on the 131 dumps of `real-en`: 39 findings; in a seeded sample of 20,
    every one was a line ending in a period that a headline list should not hold: 15
    teasers, descriptions or prompts ("View the discussion thread.", "comments powered
    by Disqus."), 3 headlines with a stray final period, 2 headlines glued to their
    teaser. A second judge of a seeded sample of 15 (`bench/quality/`, docs/quality.md)
    found 9 right, 4 widget or survey texts that are headline-list furniture rather
    than a stray period or teaser (ND220 names them), and 2 real headlines that the
    site ends with a period as its house style: 60%. So the rule is **opt-in**
    (`--extend-select ND204`).
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, heads = found
    if "." not in [text[-1] for text in heads]:
        return
    for index, text in enumerate(heads, first):
        if text[-1] == "." and ends_with_period(text):
            end = ctx.text_start(index) + len(text)
            ctx.report(
                end - 1,
                end,
                "headline ends with a period: a stray one, or a teaser or description "
                "rather than a headline?",
                "delete the period",
                [ctx.edit(end - 1, end, "")],
            )


@rule(
    code="ND206",
    name="headline-looks-like-paragraph",
    severity="warning",
    fix=None,
    options=(Option("min-words", 25, "headlines with fewer words than this are not reported"),),
    bad=dump(
        heads="Council Approves Budget\nThe council approved the budget on Monday "
        "after members argued for hours about road repairs, school funding and "
        "the hours of the new city library!\n"
    ),
    good=GOOD,
)
def headline_looks_like_paragraph(ctx: Context) -> None:
    """A headline of many words that ends like a sentence.

    A headline of at least `min-words` words that ends in sentence punctuation is most
    likely a body paragraph in the headline list: the separator is in the wrong place,
    or the scraper appended a teaser.
    """
    found = _headlines(ctx)
    if found is None:
        return
    first, heads = found
    if _ENDINGS.isdisjoint([text[-1] for text in heads]):
        return
    min_words = ctx.option("min-words")
    for index, text in enumerate(heads, first):
        trimmed = text.rstrip(CLOSERS)
        if not trimmed or trimmed[-1] not in SENTENCE_END:
            continue
        count = len(text.split())
        if count >= min_words:
            start = ctx.text_start(index)
            ctx.report(
                start,
                start + len(text),
                f"headline looks like a paragraph ({words(count)}, ending in "
                f"{trimmed[-1]!r}); is it on the right side of the separator?",
            )
