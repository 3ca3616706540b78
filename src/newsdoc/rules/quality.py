"""Quality-filter rules (ND304-ND306): the published filters of Gopher, C4 and FineWeb.

Each rule applies one pipeline's document filters, at its published
thresholds, to the body's quality signals (:mod:`.signals`), and reports
once per file, at the first body line, naming every criterion the dump
fails.  They are opt-in (``--select ND3``, ``--extend-select ND304``):
they say what a training-data pipeline would drop, not that the dump is
broken.  ``newsdoc convert --signals`` writes the same signals as columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ..model.speed import LazyPattern
from ..model.words import plural
from .base import Context, rule
from .examples import GOOD, dump
from .signals import signals

__all__ = ["c4_filter", "fineweb_filter", "gopher_filter"]

_ARTICLE: Final = (
    "The city council approved the new budget on Monday evening after a debate that "
    "lasted more than four hours.\n"
    "The vote was seven to two, with both members of the opposition voting against the "
    "plan and calling it reckless.\n"
    "The budget raises spending on schools and roads by four percent and keeps property "
    "taxes at last year's level.\n"
)
_C4_SENTENCE: Final = LazyPattern(r"[.!?](?=[\"”’»)\]]*(?:\s|$))")
_C4_DROPPED_PAGE: Final = LazyPattern(r"lorem ipsum|\{", re.IGNORECASE)
_C4_DROPPED_LINE: Final = LazyPattern(
    r"javascript|terms of use|privacy policy|cookie policy|uses cookies|use of cookies"
    r"|use cookies",
    re.IGNORECASE,
)
_C4_END: Final = (".", "?", "!", '"')


def _measured(ctx: Context) -> tuple[dict[str, float], int, list[str]] | None:
    """The body's signals, its first line's index and its lines (shared by the three rules)."""
    if not ctx.runs:
        return None
    first, last = ctx.runs[0]
    lines = ctx.stripped[first : last + 1]
    found = ctx.cache.get("quality")
    if not isinstance(found, dict):
        found = signals(lines)
        ctx.cache["quality"] = found
    return found, first, lines


def _report(ctx: Context, first: int, name: str, failed: list[str]) -> None:
    """One finding at the first body line, listing the failed criteria."""
    start = ctx.text_start(first)
    end = start + len(ctx.stripped[first])
    ctx.report(start, end, f"{name} would drop this dump: " + "; ".join(failed))


def _check(
    ctx: Context, name: str, criteria: tuple[tuple[str, Callable[[float], bool], str], ...]
) -> None:
    measured = _measured(ctx)
    if measured is None:
        return
    values, first, _ = measured
    failed = [
        text.format(values[key], percent=values[key] * 100)
        for key, fails, text in criteria
        if fails(values[key])
    ]
    if failed:
        _report(ctx, first, name, failed)


_GOPHER: Final = (
    ("words", lambda v: v < 50, "{0:.0f} words (fewer than 50)"),
    ("words", lambda v: v > 100_000, "{0:.0f} words (more than 100,000)"),
    ("mean_word_length", lambda v: v < 3, "mean word length {0:.1f} (under 3)"),
    ("mean_word_length", lambda v: v > 10, "mean word length {0:.1f} (over 10)"),
    ("symbol_ratio", lambda v: v > 0.1, "{0:.2f} '#' or ellipses per word (over 0.1)"),
    ("bullet_lines", lambda v: v > 0.9, "{percent:.0f}% of lines start with a bullet (over 90%)"),
    ("ellipsis_lines", lambda v: v > 0.3, "{percent:.0f}% of lines end in an ellipsis (over 30%)"),
    ("alpha_words", lambda v: v < 0.8, "{percent:.0f}% of words have a letter (under 80%)"),
    ("duplicate_lines", lambda v: v > 0.3, "{percent:.0f}% of lines are repeated (over 30%)"),
    (
        "duplicate_line_chars",
        lambda v: v > 0.2,
        "{percent:.0f}% of characters are in repeated lines (over 20%)",
    ),
)


@rule(
    code="ND304",
    name="gopher-quality-filter",
    severity="warning",
    fix=None,
    opt_in=True,
    bad=dump("Council approves budget.\n"),
    good=dump(_ARTICLE),
)
def gopher_filter(ctx: Context) -> None:
    """A body that Gopher's quality filters would drop.

    The quality filters of MassiveWeb, the web text of DeepMind's Gopher (Rae et al.,
    2021, "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
    appendix A.1.1 and table A1), applied to the body: between 50 and 100,000 words, a
    mean word length between 3 and 10 characters, at most 0.1 `#` or ellipses per word, at
    most 90% of lines starting with a bullet, at most 30% ending in an ellipsis, at least
    80% of words holding a letter, at most 30% of lines repeated and at most 20% of the
    characters in repeated lines. Gopher's stop-word test (English only) and its n-gram
    repetition tests are left out. Opt-in: it says what a pipeline would drop (a short
    news item fails the 50 words), not that the dump is broken.
    """
    _check(ctx, "Gopher's quality filter", _GOPHER)


@rule(
    code="ND305",
    name="c4-quality-filter",
    severity="warning",
    fix=None,
    opt_in=True,
    bad=dump("Council approves budget\nThe vote was 7 to 2.\n"),
    good=dump(_ARTICLE),
)
def c4_filter(ctx: Context) -> None:
    """A body that C4's cleaning would drop whole.

    C4, the Colossal Clean Crawled Corpus (Raffel et al., 2020, "Exploring the Limits of
    Transfer Learning with a Unified Text-to-Text Transformer", section 2.2, and its
    code in TensorFlow Datasets, `c4_utils.py`), keeps only the lines that end in `.`,
    `?`, `!` or `"`, hold at least 5 words, do not end in an ellipsis and do not mention
    javascript or a cookie or privacy policy, then drops the page if fewer than 3
    sentences remain, or if it holds "lorem ipsum" or a curly bracket. This rule applies
    those page tests to the body (sentences counted by their end marks, not by C4's
    tokenizer). Its list of bad words is left out.
    """
    measured = _measured(ctx)
    if measured is None:
        return
    _, first, lines = measured
    failed = []
    text = "\n".join(lines)
    if _C4_DROPPED_PAGE.search(text):
        failed.append("it holds 'lorem ipsum' or a curly bracket")
    kept = [
        line
        for line in lines
        if line.endswith(_C4_END)
        and not line.endswith("...")
        and len(line.split()) >= 5
        and not _C4_DROPPED_LINE.search(line)
    ]
    sentences = sum(len(_C4_SENTENCE.findall(line)) for line in kept)
    if sentences < 3:
        failed.append(f"{plural(sentences, 'sentence')} in the lines C4 keeps (fewer than 3)")
    if failed:
        _report(ctx, first, "C4's cleaning", failed)


_FINEWEB: Final = (
    (
        "terminal_punctuation",
        lambda v: v < 0.12,
        "{percent:.0f}% of lines end in punctuation (under 12%)",
    ),
    (
        "short_lines",
        lambda v: v >= 0.67,
        "{percent:.0f}% of lines are under 30 characters (67% or more)",
    ),
    (
        "duplicate_line_chars",
        lambda v: v >= 0.1,
        "{percent:.0f}% of characters are in repeated lines (10% or more)",
    ),
)


@rule(
    code="ND306",
    name="fineweb-quality-filter",
    severity="warning",
    fix=None,
    opt_in=True,
    bad=dump("Council approves budget\nVote: 7 to 2\nMore news\n"),
    good=GOOD,
)
def fineweb_filter(ctx: Context) -> None:
    """A body that FineWeb's own quality filters would drop.

    The three filters FineWeb added to C4's and Gopher's (Penedo et al., 2024, "The
    FineWeb Datasets: Decanting the Web for the Finest Text Data at Scale", section 3.5;
    datatrove's `FineWebQualityFilter`), applied to the body: a page is dropped when at
    most 12% of its lines end in punctuation, when 67% or more of its lines are shorter
    than 30 characters, or when 10% or more of its characters are in lines that repeat an
    earlier one (the paper's threshold; datatrove's default is 1%). A body of
    sentence-like paragraphs passes; a list of menu items or links does not.
    """
    _check(ctx, "FineWeb's quality filter", _FINEWEB)
