"""ND208: unmatched brackets and double quotes in a paragraph or headline.

Brackets nest; double quotes pair within their family (“” and „“, «» in
either orientation, straight ").  News style lets a quotation run over
several paragraphs, each opening with a quote mark and only the last one
closing it, so a quotation left open is fine when the next paragraph opens
with a quote mark.  Quotes written with the same mark on both sides
(Swedish ”…”, »…») only need to come in pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from .engine import Context

__all__ = ["check_balance", "unbalanced"]

_DELIMITER: Final = re.compile('[()\\[\\]{}«»"“”„]')
_OPEN: Final = {")": "(", "]": "[", "}": "{"}


def _emoticon(text: str, index: int) -> bool:
    return index > 0 and (
        text[index - 1] in ":;=" or text[max(0, index - 2) : index] in (":-", ";-")
    )


def _list_marker(text: str, index: int) -> bool:
    start = index
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return 1 <= index - start <= 2 and (start == 0 or text[start - 1] in " \t")


def _pairs(text: str, marks: list[int], openers: str, continued: bool) -> list[tuple[int, str]]:
    """Unmatched marks of one quote family; ``openers`` empty means symmetric quotes."""
    if not openers:
        if len(marks) % 2 and not continued:
            last = text[marks[-1]]
            verb = "is never closed" if last in "“„«" else "is unmatched"
            return [(marks[-1], f"{last} {verb}")]
        return []
    problems = []
    open_marks: list[int] = []
    for index in marks:
        if text[index] in openers:
            open_marks.append(index)
        elif open_marks:
            open_marks.pop()
        else:
            problems.append((index, f"{text[index]} is unmatched"))
    if continued and open_marks:
        open_marks.pop()
    problems.extend((index, f"{text[index]} is never closed") for index in open_marks)
    return problems


def unbalanced(text: str, following: str | None) -> list[tuple[int, str]]:
    """Unmatched brackets and double quotes in one text, as (index, message).

    ``following`` is the next paragraph: when it opens with a quote mark, a
    quotation left open at the end of this one continues there.
    """
    problems: list[tuple[int, str]] = []
    stack: list[int] = []
    straight: list[int] = []
    curly: list[int] = []
    guillemets: list[int] = []
    for match in _DELIMITER.finditer(text):
        index = match.start()
        char = match.group()
        if char in "([{":
            if not (char == "(" and _emoticon(text, index)):
                stack.append(index)
        elif char in _OPEN:
            want = _OPEN[char]
            depth = len(stack) - 1
            while depth >= 0 and text[stack[depth]] != want:
                depth -= 1
            if depth >= 0:
                problems.extend((i, f"{text[i]} is never closed") for i in stack[depth + 1 :])
                del stack[depth:]
            elif not (_emoticon(text, index) or (char == ")" and _list_marker(text, index))):
                problems.append((index, f"{char} is unmatched"))
        elif char == '"':
            straight.append(index)
        elif char in "«»":
            guillemets.append(index)
        else:
            curly.append(index)
    problems.extend((index, f"{text[index]} is never closed") for index in stack)
    opens = following[0] if following else ""
    if len(straight) % 2 and opens != '"':
        problems.append((straight[-1], 'odd number of straight double quotes (")'))
    if curly:
        openers = "„" if "„" in text else ("“" if "“" in text else "")
        problems.extend(_pairs(text, curly, openers, opens in "“„" and bool(opens)))
    if guillemets:
        has_both = "«" in text and "»" in text
        openers = text[guillemets[0]] if has_both else ""
        problems.extend(_pairs(text, guillemets, openers, opens in "«»" and bool(opens)))
    return sorted(problems)


def check_balance(ctx: Context, runs: list[tuple[int, int]], delimiters: list[int]) -> None:
    """ND208 over each line that holds a bracket or a double quote."""
    starts = ctx.starts()
    stripped = ctx.stripped
    firsts = [first for first, _ in runs]
    for index in sorted({bisect_right(starts, p) - 1 for p in delimiters}):
        run_number = bisect_right(firsts, index) - 1
        last = runs[run_number][1]
        where = ("paragraph", "headline")[run_number] if run_number < 2 else "line"
        following = stripped[index + 1] if index < last else None
        problems = unbalanced(stripped[index], following)
        if problems:
            start = ctx.text_start(index)
            for offset, message in problems:
                ctx.add("ND208", start + offset, start + offset + 1, f"{message} in this {where}")
