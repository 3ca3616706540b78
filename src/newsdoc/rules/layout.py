"""The layout rules (ND1xx): whitespace, line breaks, BOM and blank lines.

Every fix here is safe: it changes layout only, never a text.
"""

from __future__ import annotations

from operator import is_not
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Context

__all__ = ["check_line_breaks", "check_structure", "check_whitespace"]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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


def _changed(plain: list[str], stripped: list[str]) -> list[int]:
    """The indexes of the lines that stripping changed, found at C speed.

    ``str.strip`` returns the string itself when there is nothing to strip,
    so an identity test finds the candidates; the caller compares lengths.
    """
    flags = list(map(is_not, plain, stripped))
    found = []
    index = -1
    try:
        while True:
            index = flags.index(True, index + 1)
            found.append(index)
    except ValueError:
        return found


def check_whitespace(ctx: Context) -> None:
    """ND101, ND102, ND103: spaces and tabs around texts and on blank lines."""
    starts = ctx.starts()
    for index in _changed(ctx.plain, ctx.stripped):
        plain, text = ctx.plain[index], ctx.stripped[index]
        if len(plain) == len(text):
            continue
        start = starts[index] + (1 if index == 0 and ctx.bom else 0)
        end = start + len(plain)
        if not text:
            ctx.add(
                "ND102",
                start,
                end,
                f"blank line holds whitespace ({describe_whitespace(plain)})",
                "empty the blank line",
                [ctx.deletion(start, end)],
            )
            continue
        indent = len(plain) - len(plain.lstrip(" \t"))
        if indent:
            ctx.add(
                "ND103",
                start,
                start + indent,
                f"leading whitespace: {describe_whitespace(plain[:indent])} before the text",
                "delete the leading whitespace",
                [ctx.deletion(start, start + indent)],
            )
        trailing = len(plain) - len(plain.rstrip(" \t"))
        if trailing:
            ctx.add(
                "ND101",
                end - trailing,
                end,
                f"trailing whitespace: {describe_whitespace(plain[-trailing:])} after the text",
                "delete the trailing whitespace",
                [ctx.edit(end - trailing, end, "")],
            )


def check_line_breaks(ctx: Context, crlf: list[int]) -> None:
    """ND104 and ND105: CRLF line breaks, and a mix of LF and CRLF."""
    if not crlf:
        return
    lines = ctx.lines
    starts = ctx.starts()
    breaks = len(lines) if ctx.text.endswith("\n") else len(lines) - 1
    lf = breaks - len(crlf)

    def cr(index: int) -> int:
        return starts[index] + len(lines[index]) - 1

    first = cr(crlf[0])
    share = "every line does" if not lf else f"{len(crlf)} of {breaks} lines do"
    ctx.add(
        "ND104",
        first,
        first + 2,
        f"line break is CRLF ({share}); use LF",
        "replace every CRLF line break with LF",
        [ctx.line_edit(i, len(lines[i]) - 1, len(lines[i]), "") for i in crlf],
    )
    if not lf:
        return
    majority_crlf = len(crlf) > lf
    crlf_set = set(crlf)
    if majority_crlf:
        minority = [i for i in range(breaks) if i not in crlf_set]
        edits = [ctx.line_edit(i, len(lines[i]), len(lines[i]), "\r") for i in minority]
        this, most, count = "LF", "CRLF", len(crlf)
    else:
        minority = crlf
        edits = [ctx.line_edit(i, len(lines[i]) - 1, len(lines[i]), "") for i in minority]
        this, most, count = "CRLF", "LF", lf
    first_minority = minority[0]
    if majority_crlf:  # the LF of an LF line
        position = starts[first_minority] + len(lines[first_minority])
        width = 1
    else:  # the CRLF of a CRLF line
        position, width = cr(first_minority), 2
    ctx.add(
        "ND105",
        position,
        position + width,
        f"mixed line breaks: this line ends in {this}, but {count} of {breaks} lines end in {most}",
        f"use {most} for every line break",
        edits,
    )


def check_structure(ctx: Context, runs: list[tuple[int, int]], crlf: list[int]) -> None:
    """ND106 to ND110: BOM, leading and trailing blank lines, separator, final line break."""
    text = ctx.text
    starts = ctx.starts()
    count = len(ctx.lines)
    if ctx.bom and not text.startswith("\ufeff", 1):
        ctx.add(
            "ND106",
            0,
            1,
            "the file starts with a byte order mark (U+FEFF)",
            "delete the byte order mark",
            [ctx.edit(0, 1, "")],
        )
    if runs and runs[0][0] > 0:
        start = 1 if ctx.bom else 0
        end = starts[runs[0][0]]
        ctx.add(
            "ND108",
            start,
            end,
            f"{_plural(runs[0][0], 'blank line')} before the body",
            "delete the blank lines before the body",
            [ctx.deletion(start, end)],
        )
    if len(runs) > 1:
        body_end, headlines = runs[0][1], runs[1][0]
        blank = headlines - body_end - 1
        if blank != 2:
            start, end = starts[body_end + 1], starts[headlines]
            newline = "\r\n" if body_end in crlf else "\n"
            ctx.add(
                "ND107",
                start,
                end,
                f"the separator is {_plural(blank, 'blank line')}; use exactly 2",
                "make the separator two empty lines",
                [ctx.edit(start, end, newline * 2)],
            )
        last = runs[-1][1]
        if last < count - 1:
            where = "the headline list" if len(runs) == 2 else "the last line of text"
            start = starts[last + 1]
            ctx.add(
                "ND109",
                start,
                len(text),
                f"{_plural(count - 1 - last, 'blank line')} after {where}",
                "delete the blank lines at the end",
                [ctx.edit(start, len(text), "")],
            )
    if not text.endswith("\n") and ctx.stripped[-1]:
        end = len(text)
        lf = (len(ctx.lines) - 1) - len(crlf)
        newline = "\r\n" if len(crlf) > lf else "\n"
        ctx.add(
            "ND110",
            end,
            end,
            "the last line has no line break",
            "add a line break at the end",
            [ctx.edit(end, end, newline)],
        )
