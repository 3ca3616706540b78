"""Layout rules (ND101-ND110): whitespace around texts, line breaks, BOM and blank lines.

Every fix here is safe: it changes layout only, never a text.  With every
one of them applied, a dump is in the canonical form.
"""

from __future__ import annotations

from operator import is_not
from typing import cast

from ..model.chars import BLANK
from ..model.words import plural
from .base import Context, rule
from .examples import GOOD, dump

__all__ = [
    "blank_line_whitespace",
    "byte_order_mark",
    "crlf_line_break",
    "leading_blank_lines",
    "leading_whitespace",
    "missing_final_newline",
    "mixed_line_breaks",
    "separator_blank_lines",
    "trailing_blank_lines",
    "trailing_whitespace",
]


def describe_whitespace(run: str) -> str:
    """``"a space"``, ``"3 spaces"``, ``"2 spaces and a tab"``..."""
    parts = []
    for char, noun in ((" ", "space"), ("\t", "tab")):
        count = run.count(char)
        if count == 1:
            parts.append(f"a {noun}")
        elif count:
            parts.append(f"{count} {noun}s")
    return " and ".join(parts)


def _changed(ctx: Context) -> list[int]:
    """The indexes of the lines with spaces or tabs around their text (or on a blank line).

    ``str.strip`` returns the string itself when there is nothing to strip,
    so an identity test finds the candidates at C speed; the lengths tell.
    Shared by ND101, ND102 and ND103, computed once per file.
    """
    cached = ctx.cache.get("changed")
    if cached is None:
        plain, stripped = ctx.plain, ctx.stripped
        flags = list(map(is_not, plain, stripped))
        found: list[int] = []
        index = -1
        try:
            while True:
                index = flags.index(True, index + 1)
                if len(plain[index]) != len(stripped[index]):
                    found.append(index)
        except ValueError:
            pass
        ctx.cache["changed"] = cached = found
    return cast(list[int], cached)


def _line_range(ctx: Context, index: int) -> tuple[int, int]:
    """The offsets of line ``index``'s characters, without the BOM and the line break."""
    start = ctx.structure.line_start(index) + (1 if index == 0 and ctx.bom else 0)
    return start, start + len(ctx.plain[index])


@rule(
    code="ND101",
    name="trailing-whitespace",
    severity="warning",
    fix="safe",
    bad=dump(heads="Council Approves Budget \nVote Splits Along Party Lines\n"),
    good=GOOD,
)
def trailing_whitespace(ctx: Context) -> None:
    """Spaces or tabs at the end of a text line.

    Trailing whitespace is invisible, is not part of the text, and makes diffs and
    byte-level deduplication noisy. The fix deletes it; the texts do not change.
    """
    for index in _changed(ctx):
        plain = ctx.plain[index]
        trailing = len(plain) - len(plain.rstrip(BLANK))
        if trailing and ctx.stripped[index]:
            _, end = _line_range(ctx, index)
            ctx.report(
                end - trailing,
                end,
                f"trailing whitespace: {describe_whitespace(plain[-trailing:])} after the text",
                "delete the trailing whitespace",
                [ctx.edit(end - trailing, end, "")],
            )


@rule(
    code="ND102",
    name="blank-line-whitespace",
    severity="warning",
    fix="safe",
    bad=dump(separator="\n \t\n"),
    good=GOOD,
)
def blank_line_whitespace(ctx: Context) -> None:
    """A blank line that holds spaces or tabs.

    A blank line should be empty. Whitespace on it is invisible and makes line
    comparisons fail. The fix empties the line.
    """
    for index in _changed(ctx):
        if not ctx.stripped[index]:
            start, end = _line_range(ctx, index)
            ctx.report(
                start,
                end,
                f"blank line holds whitespace ({describe_whitespace(ctx.plain[index])})",
                "empty the blank line",
                [ctx.deletion(start, end)],
            )


@rule(
    code="ND103",
    name="leading-whitespace",
    severity="warning",
    fix="safe",
    bad=dump("  The council approved the budget on Monday.\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def leading_whitespace(ctx: Context) -> None:
    """Spaces or tabs before the text of a line.

    Indentation is not part of a paragraph or headline; it is usually left over from the
    page's HTML. The fix deletes it; the texts do not change.
    """
    for index in _changed(ctx):
        plain = ctx.plain[index]
        indent = len(plain) - len(plain.lstrip(BLANK))
        if indent and ctx.stripped[index]:
            start, _ = _line_range(ctx, index)
            ctx.report(
                start,
                start + indent,
                f"leading whitespace: {describe_whitespace(plain[:indent])} before the text",
                "delete the leading whitespace",
                [ctx.deletion(start, start + indent)],
            )


# --- line breaks ----------------------------------------------------------------------


def _breaks(ctx: Context) -> int:
    """How many line breaks the text has."""
    return len(ctx.lines) if ctx.structure.final_newline else len(ctx.lines) - 1


def _cr(ctx: Context, index: int) -> int:
    """The offset of the CR ending line ``index``."""
    return ctx.structure.line_start(index) + len(ctx.lines[index]) - 1


@rule(
    code="ND104",
    name="crlf-line-break",
    severity="warning",
    fix="safe",
    fix_rank=0,  # turning every CRLF into LF settles what ND105 would make consistent
    bad=GOOD.replace("\n", "\r\n"),
    good=GOOD,
)
def crlf_line_break(ctx: Context) -> None:
    """Lines end in CRLF instead of LF.

    The canonical line break is LF. CRLF files are valid but differ byte for byte from
    their LF twins, which defeats hashing and deduplication. Reported once per file, at
    the first CRLF, with the number of such lines; the fix turns every CRLF into LF.
    """
    crlf = ctx.structure.crlf
    if not crlf:
        return
    lines = ctx.lines
    breaks = _breaks(ctx)
    lf = breaks - len(crlf)
    first = _cr(ctx, crlf[0])
    share = "every line does" if not lf else f"{len(crlf)} of {breaks} lines do"
    ctx.report(
        first,
        first + 2,
        f"line break is CRLF ({share}); use LF",
        "replace every CRLF line break with LF",
        [ctx.line_edit(i, len(lines[i]) - 1, len(lines[i]), "") for i in crlf],
    )


@rule(
    code="ND105",
    name="mixed-line-breaks",
    severity="warning",
    fix="safe",
    bad=dump("The council approved the budget on Monday.\r\nThe vote was 7 to 2.\n"),
    good=GOOD,
)
def mixed_line_breaks(ctx: Context) -> None:
    """The file mixes LF and CRLF line breaks.

    Mixed line breaks mean the file was assembled from several sources or edited on two
    systems. Reported once per file, at the first line break that differs from the
    majority (LF wins a tie); the fix turns the minority into the majority. `ND104`
    reports CRLF as such.
    """
    crlf = ctx.structure.crlf
    if not crlf:
        return
    lines = ctx.lines
    breaks = _breaks(ctx)
    lf = breaks - len(crlf)
    if not lf:
        return
    majority_crlf = len(crlf) > lf
    if majority_crlf:
        crlf_set = set(crlf)
        minority = [i for i in range(breaks) if i not in crlf_set]
        edits = [ctx.line_edit(i, len(lines[i]), len(lines[i]), "\r") for i in minority]
        this, most, count = "LF", "CRLF", len(crlf)
        first = minority[0]
        position, width = (
            ctx.structure.line_start(first) + len(lines[first]),
            1,
        )  # the LF of an LF line
    else:
        minority = crlf
        edits = [ctx.line_edit(i, len(lines[i]) - 1, len(lines[i]), "") for i in minority]
        this, most, count = "CRLF", "LF", lf
        position, width = _cr(ctx, minority[0]), 2  # the CRLF of a CRLF line
    ctx.report(
        position,
        position + width,
        f"mixed line breaks: this line ends in {this}, but {count} of {breaks} lines end in {most}",
        f"use {most} for every line break",
        edits,
    )


# --- the BOM and the blank lines --------------------------------------------------------


@rule(
    code="ND106",
    name="byte-order-mark",
    severity="warning",
    fix="safe",
    bad="\ufeff" + GOOD,
    good=GOOD,
)
def byte_order_mark(ctx: Context) -> None:
    """The file starts with a byte order mark (U+FEFF).

    UTF-8 needs no byte order mark. Many tools show it as garbage or treat it as part of
    the first word. The fix deletes it. (When the first paragraph itself starts with
    U+FEFF, the BOM must stay and is not reported; `ND211` reports the other U+FEFF.)
    """
    if ctx.bom and not ctx.text.startswith("\ufeff", 1):
        ctx.report(
            0,
            1,
            "the file starts with a byte order mark (U+FEFF)",
            "delete the byte order mark",
            [ctx.edit(0, 1, "")],
        )


@rule(
    code="ND107",
    name="separator-blank-lines",
    severity="warning",
    fix="safe",
    bad=dump(separator="\n"),
    good=GOOD,
)
def separator_blank_lines(ctx: Context) -> None:
    """The separator is not exactly two blank lines.

    Any run of blank lines separates the body from the headlines, but the canonical
    separator is two blank lines, as in the sample the format comes from. The fix
    replaces the run with two empty lines.
    """
    runs = ctx.runs
    if len(runs) < 2:
        return
    body_end, headlines = runs[0][1], runs[1][0]
    blank = headlines - body_end - 1
    if blank != 2:
        line_start = ctx.structure.line_start
        start, end = line_start(body_end + 1), line_start(headlines)
        newline = ctx.structure.newline(body_end)
        ctx.report(
            start,
            end,
            f"the separator is {plural(blank, 'blank line')}; use exactly 2",
            "make the separator two empty lines",
            [ctx.edit(start, end, newline * 2)],
        )


@rule(
    code="ND108",
    name="leading-blank-lines",
    severity="warning",
    fix="safe",
    bad="\n" + GOOD,
    good=GOOD,
)
def leading_blank_lines(ctx: Context) -> None:
    """Blank lines before the body.

    A dump starts with its first paragraph. Blank lines before it shift every line
    number and are usually an artefact of the page template. The fix deletes them.
    """
    runs = ctx.runs
    if runs and runs[0][0] > 0:
        start = 1 if ctx.bom else 0
        end = ctx.structure.line_start(runs[0][0])
        ctx.report(
            start,
            end,
            f"{plural(runs[0][0], 'blank line')} before the body",
            "delete the blank lines before the body",
            [ctx.deletion(start, end)],
        )


@rule(
    code="ND109",
    name="trailing-blank-lines",
    severity="warning",
    fix="safe",
    bad=GOOD + "\n\n",
    good=GOOD,
)
def trailing_blank_lines(ctx: Context) -> None:
    """Blank lines after the headline list.

    A dump ends with its last headline and one line break. Extra blank lines at the end
    are invisible and make identical dumps differ. The fix deletes them.
    """
    runs = ctx.runs
    if len(runs) < 2:
        return
    last = runs[-1][1]
    count = len(ctx.lines)
    if last < count - 1:
        where = "the headline list" if len(runs) == 2 else "the last line of text"
        start = ctx.structure.line_start(last + 1)
        ctx.report(
            start,
            len(ctx.text),
            f"{plural(count - 1 - last, 'blank line')} after {where}",
            "delete the blank lines at the end",
            [ctx.edit(start, len(ctx.text), "")],
        )


@rule(
    code="ND110",
    name="missing-final-newline",
    severity="warning",
    fix="safe",
    bad=GOOD[:-1],
    good=GOOD,
)
def missing_final_newline(ctx: Context) -> None:
    """The last line has no line break.

    A text file's lines each end in a line break; without one, `cat`-ing files together
    merges the last headline with the next file's first paragraph. The fix adds the line
    break.
    """
    if not ctx.structure.final_newline and ctx.stripped[-1]:
        end = len(ctx.text)
        crlf = ctx.structure.crlf
        lf = (len(ctx.lines) - 1) - len(crlf)
        newline = "\r\n" if len(crlf) > lf else "\n"
        ctx.report(
            end,
            end,
            "the last line has no line break",
            "add a line break at the end",
            [ctx.edit(end, end, newline)],
        )
