"""Finding the inputs of a conversion: files, folders, globs and standard input.

:func:`find_inputs` yields them lazily in a deterministic order, so a
corpus of millions of files is never listed whole in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Final, NamedTuple

from .paths import GLOB_CHARS, InputError, expand_glob, explicit, overlapping, walk_names

__all__ = ["DUMP", "FAILED", "JSON", "JSONL", "STDIN", "Input", "find_inputs", "input_kind"]

STDIN: Final = "-"
DUMP: Final = "dump"
JSON: Final = "json"
JSONL: Final = "jsonl"
FAILED: Final = "failed"

_FOLDER_SUFFIXES: Final = {
    "auto": (".txt",),
    DUMP: (".txt",),
    JSON: (".json",),
    JSONL: (".jsonl", ".ndjson"),
}


class Input(NamedTuple):
    """One thing to convert: a file (or stdin), its kind, or why it cannot be used."""

    path: str
    """The path as the user sees it (``-`` for standard input)."""
    kind: str
    """``dump``, ``json``, ``jsonl``, or ``failed``."""
    error: str = ""
    """For a failed input, the message naming it."""


def input_kind(path: str, wanted: str) -> str:
    """The kind of a file: ``wanted``, or with ``auto`` the one its name says."""
    if wanted != "auto":
        return wanted
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".json":
        return JSON
    if suffix in (".jsonl", ".ndjson"):
        return JSONL
    return DUMP


def _suffix(path: str) -> str:
    """``PurePath(path).suffix``, without making a path object."""
    name = path[path.rfind(os.sep) + 1 :]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _has_suffix(suffixes: tuple[str, ...]) -> Callable[[str], bool]:
    return lambda path: _suffix(path).lower() in suffixes


def find_inputs(
    paths: Iterable[str], wanted: str = "auto", exclude: str | None = None
) -> Iterator[Input]:
    """Yield the inputs named by ``paths``, in a deterministic order.

    A file is taken as given; a folder is searched recursively for dumps
    (``*.txt``; with ``wanted`` ``json`` or ``jsonl``, for ``*.json`` or
    ``*.jsonl`` and ``*.ndjson``), in sorted order; a path that does not
    exist but holds ``*``, ``?`` or ``[`` is a glob (``**`` included),
    expanded in sorted order; ``-`` is standard input.  With several
    paths, each file is yielded once, at its first mention: the names
    found under paths that overlap (the same path, or one inside another)
    or by a glob are remembered, and only those, so memory stays flat for
    separate folders.  ``exclude`` (the output file) is
    skipped when a folder or glob finds it.  A kind is given by ``wanted``,
    or taken from the file name: ``.json``, ``.jsonl``/``.ndjson``, else a dump.
    """
    paths = list(paths)
    seen: set[str] = set()
    skip = os.path.abspath(exclude) if exclude else None
    skip_name = os.path.basename(skip) if skip else ""
    if len(paths) == 1:
        remembered = [False]
    elif any(GLOB_CHARS.intersection(name) for name in paths):
        remembered = [True] * len(paths)  # a glob's files can be anywhere
    else:
        remembered = overlapping([None if n == STDIN else os.path.normpath(n) for n in paths])

    def new(path: str, remember: bool) -> bool:
        if not remember:
            return True
        key = os.path.normpath(path)
        if key in seen:
            return False
        seen.add(key)
        return True

    for name, remember in zip(paths, remembered, strict=True):
        if name == STDIN:
            yield Input(STDIN, DUMP if wanted == "auto" else wanted)
            continue
        path = Path(name)
        found: Iterable[str | InputError]
        named = explicit(name)
        if named is None:
            found = walk_names(str(path), _has_suffix(_FOLDER_SUFFIXES[wanted]))
        elif isinstance(named, Path):
            if new(name, remember):
                yield Input(name, input_kind(name, wanted))
            continue
        elif (matches := expand_glob(name)) is not None:
            found = [os.fspath(p) for p in matches]
            if not found:
                yield Input(name, FAILED, f"{name}: no files match")
                continue
        else:
            yield Input(name, FAILED, str(named))
            continue
        for text in found:
            if isinstance(text, InputError):
                yield Input(text.name, FAILED, str(text))
                continue
            if skip is not None and text.endswith(skip_name) and os.path.abspath(text) == skip:
                continue
            if new(text, remember):
                yield Input(text, input_kind(text, wanted))
