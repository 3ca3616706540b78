"""Unified diffs of a dump before and after a change (``format --diff``, ``check --diff``)."""

from __future__ import annotations

import difflib
import re
from typing import Final

from ..model.chars import escape

__all__ = ["unified_diff"]

_LINE: Final = re.compile(r"[^\n]*\n|[^\n]+\Z")


def _lines(data: bytes) -> list[str]:
    # Not str.splitlines(): U+2028 and friends are content, not line breaks.
    return _LINE.findall(data.decode("utf-8", "surrogateescape"))


_COLORS: Final = (
    ("+++", "\x1b[1m"),
    ("---", "\x1b[1m"),
    ("@@", "\x1b[36m"),
    ("+", "\x1b[32m"),
    ("-", "\x1b[31m"),
)
_RESET: Final = "\x1b[0m"


def _paint(line: str) -> str:
    """A diff line in the colours of ``git diff`` (the line break left outside them)."""
    for start, style in _COLORS:
        if line.startswith(start):
            body = line.removesuffix("\n")
            return f"{style}{body}{_RESET}{line[len(body) :]}"
    return line


def unified_diff(name: str, before: bytes, after: bytes, label: str, color: bool = False) -> str:
    """The unified diff from ``before`` to ``after``; the new side is ``name (label)``.

    A last line without a line break is marked as ``diff`` marks it (a line
    "No newline at end of file" after it).  Empty when nothing changed.
    With ``color``, headers are bold, hunk headers cyan, removed lines red
    and added lines green, as ``git diff`` shows them.  The name is escaped
    (:func:`newsdoc.model.chars.escape`); the lines are the text as it is,
    so that the diff applies as a patch (a text that holds a control
    character does not parse, so it is never fixed or formatted).
    """
    name = escape(name)
    lines = difflib.unified_diff(
        _lines(before), _lines(after), fromfile=name, tofile=f"{name} ({label})"
    )
    marked = (
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )
    if color:
        marked = (_paint(line) for line in marked)
    return "".join(marked)
