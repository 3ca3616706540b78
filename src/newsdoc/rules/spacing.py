"""Spacing inside texts (ND111, ND215): tabs and runs of spaces between words."""

from __future__ import annotations

from collections.abc import Iterator
from re import Match
from typing import Final

from ..model.speed import LazyPattern
from .base import Context, rule
from .examples import GOOD, dump

__all__ = ["doubled_space", "spaced", "tab_in_text"]

# A run of spaces and tabs inside a text: two or more characters, or one tab.
_INNER_RUN: Final = LazyPattern(r"[ \t]{2,}|\t")


def spaced(ctx: Context) -> bool:
    """Whether the text holds a tab or two spaces in a row anywhere (computed once per file)."""
    found = ctx.cache.get("spaced")
    if found is None:
        text = ctx.text
        found = ctx.cache["spaced"] = "\t" in text or "  " in text
    return bool(found)


def _runs(ctx: Context, needle: str) -> Iterator[tuple[int, Match[str]]]:
    """Each run of inner whitespace of the texts that hold ``needle``, with the text's offset."""
    stripped = ctx.stripped
    for first, last in ctx.runs:
        for index in range(first, last + 1):
            text = stripped[index]
            if needle in text:
                start = ctx.text_start(index)
                for match in _INNER_RUN.finditer(text):
                    yield start, match


@rule(
    code="ND111",
    name="tab-in-text",
    severity="warning",
    fix="unsafe",
    bad=dump("The council approved the budget\ton Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def tab_in_text(ctx: Context) -> None:
    """A tab inside a paragraph or headline.

    A tab inside a text is almost always a table cell or HTML layout flattened into the
    text; its width depends on the viewer. The fix replaces the tab, with any spaces
    around it, by one space; that changes the text, so it is unsafe. Tabs before or
    after the text are reported by `ND103` and `ND101`.
    """
    if not spaced(ctx) or "\t" not in ctx.text:
        return
    for start, match in _runs(ctx, "\t"):
        if "\t" in match.group():
            begin, end = start + match.start(), start + match.end()
            ctx.report(
                begin,
                end,
                "tab inside the text",
                "replace the whitespace with one space",
                [ctx.edit(begin, end, " ")],
            )


@rule(
    code="ND215",
    name="doubled-space",
    severity="warning",
    fix="unsafe",
    bad=dump("The council approved the budget  on Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def doubled_space(ctx: Context) -> None:
    """Two or more spaces in a row inside a text.

    Runs of spaces come from HTML layout or from removed words, and make identical
    sentences compare different. The fix replaces the run with one space.
    """
    if not spaced(ctx) or "  " not in ctx.text:
        return
    for start, match in _runs(ctx, "  "):
        run = match.group()
        if "\t" not in run:
            begin, end = start + match.start(), start + match.end()
            ctx.report(
                begin,
                end,
                f"{len(run)} spaces in a row",
                "replace them with one space",
                [ctx.edit(begin, end, " ")],
            )
