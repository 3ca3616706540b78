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

__all__ = ["any_glob", "glob_matches", "glob_regex", "relative_to"]


@lru_cache(maxsize=256)
def glob_regex(pattern: str, folders: bool = True) -> re.Pattern[str]:
    """Compile a glob pattern to a regex over relative ``/`` paths.

    With ``folders``, the pattern also matches every path inside a folder it
    matches.
    """
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if body.startswith("**/", index):
            out.append("(?:[^/]*/)*")
            index += 3
        elif body.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[" and "]" in body[index + 2 :]:
            end = body.index("]", index + 2)
            content = body[index + 1 : end]
            negate = content.startswith("!")
            content = content[1:] if negate else content
            escaped = content.replace("\\", "\\\\").replace("^", "\\^")
            out.append(f"[{'^' if negate else ''}{escaped}]")
            index = end + 1
        else:
            out.append(re.escape(char))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "(?:/.*)?" if folders else ""
    return re.compile(f"{prefix}{''.join(out)}{suffix}", re.S)


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
