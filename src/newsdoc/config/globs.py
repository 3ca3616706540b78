"""Glob patterns for include, exclude and per-file ignores, as in .gitignore.

A pattern is matched against a path relative to the configuration's folder,
written with ``/``.  ``*`` matches within one path component, ``?`` one
character, ``[abc]`` one of a set (``[!abc]`` none of it), and ``**`` any
number of folders.  A pattern without ``/`` matches the last component at any
depth (``*.txt``, ``build``); a pattern with one is anchored at the
configuration's folder (``corpus/legacy/*.txt``).  A pattern that matches a
folder matches everything in it.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "GlobError",
    "any_glob",
    "bad_glob",
    "check_glob",
    "glob_matches",
    "glob_regex",
    "relative_to",
]


class GlobError(ValueError):
    """A glob that cannot be used (a reversed range such as ``[z-a]``, an empty glob)."""


@lru_cache(maxsize=256)
def glob_regex(pattern: str, folders: bool = True) -> re.Pattern[str]:
    """Compile a glob pattern (see :func:`_translate`); :class:`GlobError` if it is bad."""
    return re.compile(_translate(pattern, folders), re.S)


@lru_cache(maxsize=256)
def _translate(pattern: str, folders: bool = True) -> str:
    """The regular expression of a glob over relative ``/`` paths; :class:`GlobError` if it is bad.

    With ``folders``, the pattern also matches every path inside a folder it
    matches.  The expression takes time linear in the path's length for a
    given glob, whatever the glob: each ``*`` and ``**`` looks for the
    leftmost place where what follows it matches, in an atomic group, and
    never comes back to try another (the leftmost is always as good, since
    what follows it is fixed-length), so ``*a*a*a*b`` cannot backtrack
    exponentially as a plain translation would.
    """
    body = pattern.strip("/")
    if not body:
        raise GlobError("an empty glob matches nothing: remove it")
    anchored = "/" in pattern.rstrip("/")
    parts = body.split("/")
    if not anchored:
        parts = ["**", *parts]
    out: list[str] = []
    groups = _groups(parts)
    for position, (after_any, group) in enumerate(groups):
        last = position == len(groups) - 1
        if group is None:  # a trailing **: everything inside
            out.append(".*" if not out else "/.*")
            continue
        joined = "/".join(_component(component) for component in group)
        end = ("(?=/|\\Z)" if folders else "\\Z") if last else ""
        if position:
            joined = "/" + joined
        if after_any:
            # Zero or more folders, then the group at the leftmost place it fits.
            lead = "(?:[^/]*/)*?" if position == 0 else "(?:/[^/]*)*?"
            out.append(f"(?>{lead}{joined}{end})")
        else:
            out.append(joined + end)
    suffix = "(?:/.*)?" if folders and groups[-1][1] is not None else ""
    return "".join(out) + suffix


def _groups(parts: list[str]) -> list[tuple[bool, list[str] | None]]:
    """The runs of components between ``**``: (whether a ``**`` comes before, the components).

    A ``**`` at the end gives a last group of None (everything inside).
    """
    groups: list[tuple[bool, list[str] | None]] = []
    current: list[str] = []
    after_any = False
    for part in parts:
        if part == "**":
            if current:
                groups.append((after_any, current))
                current = []
            after_any = True
        else:
            current.append(part)
    if current:
        groups.append((after_any, current))
    elif after_any:
        groups.append((True, None))
    return groups


def _component(text: str) -> str:
    """The expression of one path component: blocks of single characters between ``*``.

    ``B0*B1*...*Bk`` matches with B0 at the start, each middle block at its
    leftmost place (atomic), and Bk at the very end: linear, and exact,
    since every block has a fixed length.  ``**`` inside a component is a
    plain ``*``, as in .gitignore.
    """
    blocks: list[list[str]] = [[]]
    index = 0
    while index < len(text):
        char = text[index]
        if char == "*":
            while index < len(text) and text[index] == "*":
                index += 1
            blocks.append([])
            continue
        if char == "?":
            blocks[-1].append("[^/]")
            index += 1
        elif char == "[" and "]" in text[index + 2 :]:
            end = text.index("]", index + 2)
            blocks[-1].append(_set(text[index + 1 : end]))
            index = end + 1
        else:
            blocks[-1].append(re.escape(char))
            index += 1
    if len(blocks) == 1:
        return "".join(blocks[0])
    first, *middle, last = ("".join(block) for block in blocks)
    found = [first, *(f"(?>[^/]*?{block})" for block in middle if block)]
    found.append(f"(?>[^/]*?{last}(?=/|\\Z))" if last else "[^/]*+")
    return "".join(found)


def _set(content: str) -> str:
    """A ``[...]`` set (``[!...]`` negated) as an expression that never matches ``/``."""
    negate = content.startswith("!")
    if negate:
        content = content[1:]
    items = []
    index = 0
    while index < len(content):
        if index + 2 < len(content) and content[index + 1] == "-":
            low, high = content[index], content[index + 2]
            if low > high:
                raise GlobError(f"the range {low}-{high} in [{content}] is reversed")
            items.append(f"{_in_set(low)}-{_in_set(high)}")
            index += 3
        else:
            items.append(_in_set(content[index]))
            index += 1
    if negate:
        return f"[^/{''.join(items)}]"
    return f"(?!/)[{''.join(items)}]"


def _in_set(char: str) -> str:
    return char if char.isalnum() else "\\" + char


def check_glob(pattern: object) -> str | None:
    """Why ``pattern`` cannot be used, or None when it can."""
    if not isinstance(pattern, str):
        return f"a glob is a string, not {type(pattern).__name__}"
    try:
        _translate(pattern)  # not compiled: a run that searches no folder never needs it
    except GlobError as error:
        return str(error)
    return None


def bad_glob(config: Any) -> str | None:
    """``key: bad glob 'pattern': why`` for a configuration's first glob that cannot be used, or None.

    The globs are ``include``, ``exclude``, ``extend_exclude`` (shown
    ``extend-exclude``) and those of ``per_file_ignores`` and ``per_file_language``.
    """
    keys = {
        "include": config.include,
        "exclude": config.exclude,
        "extend_exclude": config.extend_exclude,
        "per_file_ignores": [pattern for pattern, _ in config.per_file_ignores],
        "per_file_language": [pattern for pattern, _ in config.per_file_language],
    }
    for key, patterns in keys.items():
        for pattern in patterns:
            problem = check_glob(pattern)
            if problem is not None:
                return f"{key.replace('_', '-')}: bad glob {pattern!r}: {problem}"
    return None


def glob_matches(pattern: str, relative: str, *, folders: bool = True) -> bool:
    """Whether ``pattern`` matches the relative path (or, with ``folders``, a folder holding it)."""
    return glob_regex(pattern, folders).fullmatch(relative) is not None


@lru_cache(maxsize=64)
def any_glob(patterns: tuple[str, ...], folders: bool = True) -> re.Pattern[str]:
    """One regex that fully matches what any of ``patterns`` matches (never, if none)."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{glob_regex(p, folders).pattern})" for p in patterns), re.S)


def relative_to(root: Path, path: Path | str) -> str:
    """``path`` relative to ``root`` with ``/``; unchanged when it is outside."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(absolute).as_posix()
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()
